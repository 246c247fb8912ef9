// DKIM signing through libopendkim: the message's header fields and body are fed to a signing
// handle, and the DKIM-Signature header it computes is put in front of the message.
#include "mail/dkim.h"

// libopendkim's header is C99 and spells bool `_Bool`, which C++ does not know.
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "core/fs.h"

namespace tribune::mail {
namespace {

// The header fields signed, when present (RFC 6376 5.4.1's advice plus the list headers, so
// that a relay cannot swap the unsubscribe link). libopendkim keeps this pointer.
const char* kSignedHeaders[] = {
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "MIME-Version",
    "Content-Type",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    nullptr,
};

// libopendkim counts the first line's width from the header name it does not write itself.
constexpr std::string_view kSignatureName = "DKIM-Signature: ";

struct DkimFree {
  void operator()(DKIM* handle) const { dkim_free(handle); }
};
using DkimHandle = std::unique_ptr<DKIM, DkimFree>;

u_char* bytes(std::string& text) { return reinterpret_cast<u_char*>(text.data()); }

// libopendkim's own words for a failure on `handle`, or the status's generic text.
std::string describe(DKIM* handle, DKIM_STAT status) {
  const char* specific = handle != nullptr ? dkim_geterror(handle) : nullptr;
  if (specific != nullptr && *specific != '\0') return specific;
  const char* generic = dkim_getresultstr(status);
  return generic != nullptr ? generic : "unknown error " + std::to_string(status);
}

// `text` with each line end (LF or CRLF) as CRLF.
std::string with_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

}  // namespace

struct DkimSigner::Library {
  DKIM_LIB* lib = nullptr;

  Library() {
    lib = dkim_init(nullptr, nullptr);
    if (lib == nullptr) return;
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, static_cast<void*>(kSignedHeaders),
                 sizeof(u_char**));
  }
  ~Library() {
    if (lib != nullptr) dkim_close(lib);
  }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

DkimSigner::DkimSigner(DkimSettings settings, std::string key)
    : settings_(std::move(settings)), key_(std::move(key)), library_(std::make_unique<Library>()) {}

DkimSigner::~DkimSigner() = default;

Result<std::unique_ptr<DkimSigner>> DkimSigner::load(const DkimSettings& settings) {
  if (settings.domain.empty())
    return make_error(Errc::invalid_input, "DKIM needs the signing domain", "dkim.domain");
  if (settings.selector.empty())
    return make_error(Errc::invalid_input, "DKIM needs a selector", "dkim.selector");
  auto key = fs::read_file(settings.private_key);
  if (!key) return key.error();
  std::unique_ptr<DkimSigner> signer(new DkimSigner(settings, std::move(*key)));
  if (signer->library_->lib == nullptr)
    return make_error(Errc::io, "cannot initialize libopendkim", "dkim.key");
  // Signing a tiny message now turns a key libopendkim cannot use into an error at start
  // rather than a failure on every message.
  auto probe = signer->sign("From: a@b.example\r\n\r\n");
  if (!probe)
    return with_source(
        make_error(Errc::invalid_input,
                   "not a usable RSA private key (PEM): " + probe.error().message, "dkim.key"),
        settings.private_key.string());
  return signer;
}

Result<std::string> DkimSigner::sign(std::string_view message) const {
  // libopendkim wants writable buffers: copies of the names and of each header field.
  std::string selector = settings_.selector, domain = settings_.domain, key = key_;
  std::string id = "tribune";
  DKIM_STAT status = DKIM_STAT_OK;
  // One handle per message: a DKIM handle is not shared between threads, the library is.
  DkimHandle handle(dkim_sign(library_->lib, bytes(id), nullptr, bytes(key), bytes(selector),
                              bytes(domain), DKIM_CANON_RELAXED, DKIM_CANON_RELAXED,
                              DKIM_SIGN_RSASHA256, -1, &status));
  if (!handle || status != DKIM_STAT_OK)
    return make_error(Errc::invalid_input, "cannot start signing: " + describe(nullptr, status));

  // Header fields one by one, each with its folded continuation lines but without its final
  // CRLF, as libopendkim expects; then the body as it is.
  std::size_t header_end = message.find("\r\n\r\n");
  if (header_end == std::string_view::npos)
    return make_error(Errc::invalid_input, "the message has no end of header (CRLF CRLF)");
  std::string_view headers = message.substr(0, header_end + 2);
  std::string_view body = message.substr(header_end + 4);
  std::size_t start = 0;
  while (start < headers.size()) {
    std::size_t end = start;
    do {
      end = headers.find("\r\n", end);
      end += 2;
    } while (end < headers.size() && (headers[end] == ' ' || headers[end] == '\t'));
    std::string field(headers.substr(start, end - 2 - start));
    status = dkim_header(handle.get(), bytes(field), field.size());
    if (status != DKIM_STAT_OK)
      return make_error(Errc::invalid_input, "malformed header: " + describe(handle.get(), status));
    start = end;
  }
  status = dkim_eoh(handle.get());
  if (status != DKIM_STAT_OK)
    return make_error(Errc::invalid_input,
                      "cannot sign the header: " + describe(handle.get(), status));
  std::string body_copy(body);
  if (!body_copy.empty()) {
    status = dkim_body(handle.get(), bytes(body_copy), body_copy.size());
    if (status != DKIM_STAT_OK)
      return make_error(Errc::invalid_input,
                        "cannot sign the body: " + describe(handle.get(), status));
  }
  status = dkim_eom(handle.get(), nullptr);
  if (status != DKIM_STAT_OK)
    return make_error(Errc::invalid_input, "cannot sign: " + describe(handle.get(), status));

  u_char* signature = nullptr;  // owned by the handle
  std::size_t length = 0;
  status = dkim_getsighdr_d(handle.get(), kSignatureName.size(), &signature, &length);
  if (status != DKIM_STAT_OK || signature == nullptr)
    return make_error(Errc::invalid_input, "cannot sign: " + describe(handle.get(), status));

  // libopendkim folds the value with bare LF; the message's lines end in CRLF.
  std::string signed_message(kSignatureName);
  signed_message += with_crlf(std::string_view(reinterpret_cast<const char*>(signature), length));
  signed_message += "\r\n";
  signed_message += message;
  return signed_message;
}

}  // namespace tribune::mail
