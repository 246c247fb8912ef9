// What Tribune takes for an email address: the one rule that the comment and subscription
// forms, the subscribers' CSV import, the mail settings and the message formatter all apply.
#pragma once

#include <string_view>

namespace tribune {

// True for an address Tribune can deliver to: LOCAL@DOMAIN with exactly one "@", at most
// 254 bytes (64 before the "@"); only printable ASCII (no space, control character, line or
// paragraph separator, bidirectional control or other non-ASCII character: the transport
// speaks plain SMTP, not SMTPUTF8, so an internationalized domain is written in its xn--
// form); a local part that is a dot-atom (letters, digits and !#$%&'*+-/=?^_`{|}~, dots
// between them) — quoted local parts are legal but refused, since no reader needs one and
// each is a way to smuggle syntax into a header; a domain of at least two dot-separated
// labels of letters, digits and inner hyphens, each at most 63 bytes (address literals such
// as [192.0.2.1] are refused too). Case is kept: the store compares addresses case aside.
bool is_email_address(std::string_view text);

}  // namespace tribune
