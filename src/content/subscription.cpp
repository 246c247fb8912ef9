// Subscription and outbox names, as stored and as typed on the command line.
#include "content/subscription.h"

#include <array>
#include <utility>

namespace tribune {
namespace {

constexpr std::array kStatusNames = {std::pair{SubscriberStatus::pending, "pending"},
                                     std::pair{SubscriberStatus::confirmed, "confirmed"},
                                     std::pair{SubscriberStatus::unsubscribed, "unsubscribed"},
                                     std::pair{SubscriberStatus::bounced, "bounced"}};
constexpr std::array kFrequencyNames = {std::pair{Frequency::each, "each"},
                                        std::pair{Frequency::daily, "daily"}};
constexpr std::array kKindNames = {std::pair{MessageKind::confirmation, "confirmation"},
                                   std::pair{MessageKind::article, "article"},
                                   std::pair{MessageKind::digest, "digest"},
                                   std::pair{MessageKind::moderation, "moderation"}};

template <typename Table, typename Value>
std::string_view name_in(const Table& table, Value value) {
  for (const auto& [known, name] : table) {
    if (known == value) return name;
  }
  return table.front().second;
}

template <typename Table>
auto value_in(const Table& table, std::string_view name)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [value, known] : table) {
    if (name == known) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view subscriber_status_name(SubscriberStatus status) {
  return name_in(kStatusNames, status);
}
std::optional<SubscriberStatus> parse_subscriber_status(std::string_view name) {
  return value_in(kStatusNames, name);
}
std::string_view frequency_name(Frequency frequency) { return name_in(kFrequencyNames, frequency); }
std::optional<Frequency> parse_frequency(std::string_view name) {
  return value_in(kFrequencyNames, name);
}
std::string_view message_kind_name(MessageKind kind) { return name_in(kKindNames, kind); }
std::optional<MessageKind> parse_message_kind(std::string_view name) {
  return value_in(kKindNames, name);
}

}  // namespace tribune
