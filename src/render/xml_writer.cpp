// The XML writer, over libxml2's xmlTextWriter writing to a memory buffer or to a stdio file.
#include "render/xml_writer.h"

#include <libxml/xmlerror.h>
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

// Keeps libxml2's first I/O error message ("No space left on device") for close() to report,
// instead of its printing it on stderr (a command's errors are one line of its own).
void record_error(void* context, xmlErrorPtr error) {
  auto* message = static_cast<std::string*>(context);
  if (!message->empty() || error == nullptr || error->message == nullptr) return;
  *message = error->message;
  while (!message->empty() && (message->back() == '\n' || message->back() == ' ')) {
    message->pop_back();
  }
}

void ignore_error(void*, const char*, ...) {}

}  // namespace

struct XmlWriter::State {
  xmlBufferPtr buffer = nullptr;  // null when writing to a file
  xmlTextWriterPtr writer = nullptr;
  std::FILE* file = nullptr;  // null when writing to memory
  bool failed = false;        // a write to the file failed: nothing more is written
  std::string error;          // libxml2's message for it
  // The thread's libxml2 error handlers while writing to a file, put back at the end.
  bool handlers_saved = false;
  xmlStructuredErrorFunc saved_structured = nullptr;
  void* saved_structured_context = nullptr;
  xmlGenericErrorFunc saved_generic = nullptr;
  void* saved_generic_context = nullptr;

  ~State() {
    if (writer != nullptr) xmlFreeTextWriter(writer);
    if (buffer != nullptr) xmlBufferFree(buffer);
    restore_handlers();
  }

  void capture_errors() {
    saved_structured = xmlStructuredError;
    saved_structured_context = xmlStructuredErrorContext;
    saved_generic = xmlGenericError;
    saved_generic_context = xmlGenericErrorContext;
    handlers_saved = true;
    xmlSetStructuredErrorFunc(&error, record_error);
    xmlSetGenericErrorFunc(nullptr, ignore_error);
  }
  void restore_handlers() {
    if (!handlers_saved) return;
    handlers_saved = false;
    xmlSetStructuredErrorFunc(saved_structured_context, saved_structured);
    xmlSetGenericErrorFunc(saved_generic_context, saved_generic);
  }

  // Whether to go on writing. In memory a failure is the page render's usual one (memory
  // ran out); into a file it is the disk's, which close() reports.
  bool writing() const { return writer != nullptr && !failed; }
  void check_result(int result) {
    if (result >= 0) return;
    if (file == nullptr) check(result);
    failed = true;
  }
};

XmlWriter::XmlWriter() : state_(std::make_unique<State>()) {
  state_->buffer = xmlBufferCreate();
  if (state_->buffer == nullptr) throw std::runtime_error("writing XML failed");
  state_->writer = xmlNewTextWriterMemory(state_->buffer, 0);
  if (state_->writer == nullptr) throw std::runtime_error("writing XML failed");
  check(xmlTextWriterStartDocument(state_->writer, nullptr, "UTF-8", nullptr));
}

XmlWriter::XmlWriter(std::FILE* file) : state_(std::make_unique<State>()) {
  state_->file = file;
  state_->capture_errors();
  // The output buffer flushes into `file` and never closes it.
  xmlOutputBufferPtr output = xmlOutputBufferCreateFile(file, nullptr);
  if (output == nullptr) throw std::runtime_error("writing XML failed");
  state_->writer = xmlNewTextWriter(output);  // owns `output` from here on
  if (state_->writer == nullptr) {
    xmlOutputBufferClose(output);
    throw std::runtime_error("writing XML failed");
  }
  check(xmlTextWriterSetIndent(state_->writer, 1));
  check(xmlTextWriterSetIndentString(state_->writer, reinterpret_cast<const xmlChar*>("\t")));
  state_->check_result(xmlTextWriterStartDocument(state_->writer, nullptr, "UTF-8", nullptr));
}

XmlWriter::~XmlWriter() = default;

void XmlWriter::start(std::string_view name) {
  if (!state_->writing()) return;
  state_->check_result(xmlTextWriterStartElement(state_->writer, chars(std::string(name))));
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
  if (!state_->writing()) return;
  state_->check_result(xmlTextWriterWriteAttribute(state_->writer, chars(std::string(name)),
                                                   chars(xml_safe_text(value))));
}

void XmlWriter::text(std::string_view text) {
  if (!state_->writing()) return;
  state_->check_result(xmlTextWriterWriteString(state_->writer, chars(xml_safe_text(text))));
}

void XmlWriter::cdata(std::string_view text) {
  const std::string safe = xml_safe_text(text);
  std::string_view rest = safe;
  // "a]]>b" is written <![CDATA[a]]]]><![CDATA[>b]]>: no section holds its own end marker.
  do {
    const std::size_t marker = rest.find("]]>");
    const std::size_t cut = marker == std::string_view::npos ? rest.size() : marker + 2;
    if (!state_->writing()) return;
    state_->check_result(
        xmlTextWriterWriteCDATA(state_->writer, chars(std::string(rest.substr(0, cut)))));
    rest.remove_prefix(cut);
  } while (!rest.empty());
}

void XmlWriter::element(std::string_view name, std::string_view text) {
  start(name);
  this->text(text);
  end();
}

void XmlWriter::end() {
  if (!state_->writing()) return;
  state_->check_result(xmlTextWriterEndElement(state_->writer));
}

std::string XmlWriter::finish() {
  check(xmlTextWriterEndDocument(state_->writer));
  xmlFreeTextWriter(state_->writer);  // flushes into the buffer
  state_->writer = nullptr;
  std::string document(reinterpret_cast<const char*>(xmlBufferContent(state_->buffer)),
                       static_cast<std::size_t>(xmlBufferLength(state_->buffer)));
  return document;
}

Status XmlWriter::close() {
  if (state_->writing()) state_->check_result(xmlTextWriterEndDocument(state_->writer));
  if (state_->writer != nullptr) {
    if (xmlTextWriterFlush(state_->writer) < 0) state_->failed = true;
    xmlFreeTextWriter(state_->writer);  // closes the output buffer, which flushes `file`
    state_->writer = nullptr;
  }
  if (state_->file != nullptr &&
      (std::fflush(state_->file) != 0 || std::ferror(state_->file) != 0)) {
    state_->failed = true;
  }
  state_->restore_handlers();
  if (state_->failed) {
    return make_error(Errc::io, "cannot write the XML file: " +
                                    (state_->error.empty() ? "write error" : state_->error));
  }
  return Ok{};
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
