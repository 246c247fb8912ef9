// The folder transport (numbered .eml files) and its reader, which parses them with GMime for
// the outbox viewer.
#include "mail/file_transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "mail/gmime_support.h"

namespace tribune::mail {
namespace {

using detail::ensure_gmime;
using detail::GObjectPtr;
using detail::take_string;

constexpr std::size_t kNumberDigits = 6;
constexpr long kLastNumber = 999999;

// The number of "000042.eml" (42), or nothing for any other name, temporary files included.
std::optional<long> message_number(std::string_view name) {
  if (name.size() != kNumberDigits + 4 || !name.ends_with(".eml")) return std::nullopt;
  long number = 0;
  for (char c : name.substr(0, kNumberDigits)) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
  }
  return number;
}

std::string file_name(long number) {
  std::string digits = std::to_string(number);
  if (digits.size() < kNumberDigits) digits.insert(0, kNumberDigits - digits.size(), '0');
  return digits + ".eml";
}

// The numbers of the messages in `folder`, highest first; an empty list when it is missing.
Result<std::vector<long>> message_numbers(const std::filesystem::path& folder) {
  std::vector<long> numbers;
  std::error_code error;
  std::filesystem::directory_iterator entries(folder, error);
  if (error == std::errc::no_such_file_or_directory) return numbers;
  if (error)
    return with_source(make_error(Errc::io, "cannot list the folder: " + error.message()),
                       folder.string());
  for (const auto& entry : entries)
    if (auto number = message_number(entry.path().filename().string())) numbers.push_back(*number);
  std::sort(numbers.rbegin(), numbers.rend());
  return numbers;
}

std::string without_carriage_returns(std::string text) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) text[kept++] = text[i];
  text.resize(kept);
  return text;
}

std::string addresses(InternetAddressList* list) {
  return list == nullptr ? std::string()
                         : take_string(internet_address_list_to_string(list, nullptr, FALSE));
}

// The first text/plain and text/html parts, decoded to UTF-8.
void collect_text(GMimeObject* body, SavedMessage& saved) {
  if (body == nullptr) return;
  GMimePartIter* iter = g_mime_part_iter_new(body);
  auto visit = [&](GMimeObject* part) {
    if (!GMIME_IS_TEXT_PART(part)) return;
    GMimeContentType* type = g_mime_object_get_content_type(part);
    std::string* target = nullptr;
    if (g_mime_content_type_is_type(type, "text", "plain") && saved.text.empty())
      target = &saved.text;
    else if (g_mime_content_type_is_type(type, "text", "html") && saved.html.empty())
      target = &saved.html;
    if (target != nullptr)
      *target =
          without_carriage_returns(take_string(g_mime_text_part_get_text(GMIME_TEXT_PART(part))));
  };
  // The iterator walks the parts below the top one; a single-part message is its own part.
  visit(body);
  if (g_mime_part_iter_is_valid(iter)) {
    do {
      visit(g_mime_part_iter_get_current(iter));
    } while (g_mime_part_iter_next(iter));
  }
  g_mime_part_iter_free(iter);
}

// The message in `path`, or nothing when it cannot be opened or parsed.
std::optional<SavedMessage> parse_file(const std::filesystem::path& path) {
  ensure_gmime();
  GObjectPtr<GMimeStream> stream(g_mime_stream_fs_open(path.c_str(), O_RDONLY, 0, nullptr));
  if (!stream) return std::nullopt;
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return std::nullopt;

  SavedMessage saved;
  saved.file = path.filename().string();
  if (const char* subject = g_mime_message_get_subject(message.get())) saved.subject = subject;
  saved.from = addresses(g_mime_message_get_from(message.get()));
  saved.to = addresses(g_mime_message_get_to(message.get()));
  if (GDateTime* date = g_mime_message_get_date(message.get()))  // owned by the message
    saved.date = g_date_time_to_unix(date);
  collect_text(g_mime_message_get_mime_part(message.get()), saved);
  return saved;
}

}  // namespace

FileTransport::FileTransport(std::filesystem::path folder) : folder_(std::move(folder)) {
  std::error_code ignored;  // send() reports it when the folder still cannot be written
  std::filesystem::create_directories(folder_, ignored);
}

Delivery FileTransport::send(std::string_view, std::string_view, std::string_view message) {
  auto failure = [](std::string what) {
    return Delivery{DeliveryStatus::temporary_failure, 0, std::move(what)};
  };
  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error) return failure("cannot create " + folder_.string() + ": " + error.message());

  // The whole message goes to a temporary file first, so that a reader never sees half of it.
  std::string temporary = (folder_ / ".outgoing-XXXXXX").string();
  int fd = mkstemp(temporary.data());
  if (fd < 0)
    return failure("cannot create a file in " + folder_.string() + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < message.size()) {
    ssize_t n = ::write(fd, message.data() + written, message.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return failure("cannot write " + temporary + ": " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return failure("cannot write " + temporary + ": " + reason);
  }

  // Then it takes the next number. link() rather than rename(): it never replaces a file, so
  // two transports on one folder (two processes, say) cannot overwrite each other's message;
  // the one that loses takes the number after.
  auto numbers = message_numbers(folder_);
  long next = numbers.ok() && !numbers->empty() ? numbers->front() + 1 : 1;
  for (int attempt = 0; attempt < 1000; ++attempt, ++next) {
    if (next > kLastNumber) {
      ::unlink(temporary.c_str());
      return failure(folder_.string() + " holds message 999999 already: move its files away");
    }
    const std::string name = file_name(next);
    if (::link(temporary.c_str(), (folder_ / name).c_str()) == 0) {
      ::unlink(temporary.c_str());
      return Delivery{DeliveryStatus::delivered, 0, "saved as " + name};
    }
    if (errno != EEXIST) break;
  }
  std::string reason = std::strerror(errno);
  ::unlink(temporary.c_str());
  return failure("cannot save the message in " + folder_.string() + ": " + reason);
}

Result<std::vector<SavedMessage>> read_saved_messages(const std::filesystem::path& folder,
                                                      int limit) {
  auto numbers = message_numbers(folder);
  if (!numbers) return numbers.error();
  std::vector<SavedMessage> messages;
  for (long number : *numbers) {
    if (static_cast<int>(messages.size()) >= limit) break;
    if (auto message = parse_file(folder / file_name(number)))
      messages.push_back(std::move(*message));
  }
  return messages;
}

Result<SavedMessage> read_saved_message(const std::filesystem::path& folder,
                                        std::string_view file) {
  // Only names the transport writes: "../x", "/etc/passwd" or "1.eml" never reach the disk.
  if (!message_number(file)) return make_error(Errc::not_found, "no such message", "file");
  const std::filesystem::path path = folder / std::string(file);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return with_source(make_error(Errc::not_found, "no such message"), path.string());
  auto message = parse_file(path);
  if (!message)
    return with_source(make_error(Errc::invalid_input, "not a message GMime can read"),
                       path.string());
  return std::move(*message);
}

}  // namespace tribune::mail
