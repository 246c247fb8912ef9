// The XML writer, over libxml2's xmlTextWriter writing to a memory buffer.
#include "render/xml_writer.h"

#include <libxml/xmlwriter.h>

#include <stdexcept>

namespace tribune {
namespace {

const xmlChar* chars(const std::string& text) {
  return reinterpret_cast<const xmlChar*>(text.c_str());
}

// libxml2 fails only when memory runs out: the page render's usual failure then.
void check(int result) {
  if (result < 0) throw std::runtime_error("writing XML failed");
}

}  // namespace

struct XmlWriter::State {
  xmlBufferPtr buffer = nullptr;
  xmlTextWriterPtr writer = nullptr;
  ~State() {
    if (writer != nullptr) xmlFreeTextWriter(writer);
    if (buffer != nullptr) xmlBufferFree(buffer);
  }
};

XmlWriter::XmlWriter() : state_(std::make_unique<State>()) {
  state_->buffer = xmlBufferCreate();
  if (state_->buffer == nullptr) throw std::runtime_error("writing XML failed");
  state_->writer = xmlNewTextWriterMemory(state_->buffer, 0);
  if (state_->writer == nullptr) throw std::runtime_error("writing XML failed");
  check(xmlTextWriterStartDocument(state_->writer, nullptr, "UTF-8", nullptr));
}

XmlWriter::~XmlWriter() = default;

void XmlWriter::start(std::string_view name) {
  check(xmlTextWriterStartElement(state_->writer, chars(std::string(name))));
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
  check(xmlTextWriterWriteAttribute(state_->writer, chars(std::string(name)),
                                    chars(xml_safe_text(value))));
}

void XmlWriter::text(std::string_view text) {
  check(xmlTextWriterWriteString(state_->writer, chars(xml_safe_text(text))));
}

void XmlWriter::element(std::string_view name, std::string_view text) {
  start(name);
  this->text(text);
  end();
}

void XmlWriter::end() { check(xmlTextWriterEndElement(state_->writer)); }

std::string XmlWriter::finish() {
  check(xmlTextWriterEndDocument(state_->writer));
  xmlFreeTextWriter(state_->writer);  // flushes into the buffer
  state_->writer = nullptr;
  std::string document(reinterpret_cast<const char*>(xmlBufferContent(state_->buffer)),
                       static_cast<std::size_t>(xmlBufferLength(state_->buffer)));
  return document;
}

std::string xml_safe_text(std::string_view text) {
  std::string safe;
  safe.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') continue;
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either.
    if (byte == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    safe.push_back(text[i]);
  }
  return safe;
}

}  // namespace tribune
