// DKIM signing (RFC 6376) with Debian's libopendkim: the site's private key signs each
// message after it is formatted, so that receivers can tell it really comes from the site.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tribune::mail {

struct DkimSettings {
  std::string domain;                 // d= (the From address's domain, usually)
  std::string selector;               // s= (the DNS record is SELECTOR._domainkey.DOMAIN)
  std::filesystem::path private_key;  // PEM RSA key
};

class DkimSigner {
 public:
  // Reads the key and signs a tiny message with it, so that an unusable key fails here rather
  // than on every message. io or invalid_input Errors name the key file (field "dkim.key");
  // an empty domain or selector is invalid_input on "dkim.domain" or "dkim.selector".
  static Result<std::unique_ptr<DkimSigner>> load(const DkimSettings& settings);
  ~DkimSigner();

  // `message` (format_message's bytes) with a DKIM-Signature header put first: rsa-sha256,
  // relaxed/relaxed, covering From, To, Subject, Date, Message-ID, Reply-To, MIME-Version,
  // Content-Type, List-Unsubscribe and List-Unsubscribe-Post. Thread-safe.
  Result<std::string> sign(std::string_view message) const;

 private:
  struct Library;
  explicit DkimSigner(DkimSettings settings, std::string key);
  DkimSettings settings_;
  std::string key_;
  std::unique_ptr<Library> library_;
};

}  // namespace tribune::mail
