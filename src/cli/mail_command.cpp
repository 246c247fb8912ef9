// tribune mail test ADDRESS: sends one message through the configured SMTP server and
// prints the dialogue, so that an operator sees at once what the server says.
#include <iostream>

#include "cli/commands.h"
#include "cli/mail_setup.h"

namespace tribune::cli {
namespace {

Status send_test(DataFolder& folder, const std::string& address, bool& delivered) {
  auto smtp = smtp_settings(folder.config);
  if (!smtp) {
    return make_error(Errc::invalid_input,
                      "no SMTP server is configured: tribune config set smtp.host HOST",
                      "smtp.host");
  }
  auto site = open_site(folder, "http://" + folder.config.get("server.listen"));
  if (!site) return site.error();
  auto message = (*site)->compose_test_mail(address, now_seconds());
  if (!message) return message.error();
  auto bytes = mail::format_message(*message);
  if (!bytes) return bytes.error();
  auto signer = dkim_signer(folder.config);
  if (!signer) return signer.error();
  if (*signer) {
    auto signed_bytes = (*signer)->sign(*bytes);
    if (!signed_bytes) return signed_bytes.error();
    bytes = std::move(signed_bytes);
  }
  mail::SmtpTransport transport(*smtp);
  transport.set_dialogue_observer([](std::string_view line) { std::cout << line << "\n"; });
  std::cout << "Connecting to " << smtp->host << ":" << smtp->port << " (" << smtp->tls << ")\n";
  mail::Delivery delivery = transport.send(message->from.address, address, *bytes);
  delivered = delivery.status == mail::DeliveryStatus::delivered;
  if (!delivery.setting.empty()) {
    // Not the server's refusal but the site's configuration: the setting's line on stderr.
    return with_source(make_error(Errc::invalid_input, delivery.detail, delivery.setting),
                       folder.config.file_path().string());
  }
  switch (delivery.status) {
    case mail::DeliveryStatus::delivered:
      std::cout << "Delivered to " << address << ": " << delivery.detail << "\n";
      break;
    case mail::DeliveryStatus::temporary_failure:
      std::cout << "Deferred (temporary failure): " << delivery.detail << "\n";
      break;
    case mail::DeliveryStatus::permanent_failure:
      std::cout << "Refused (permanent failure): " << delivery.detail << "\n";
      break;
    case mail::DeliveryStatus::sender_refused:
      std::cout << "Refused the site (its sender, message or credentials, not the recipient): "
                << delivery.detail << "\n";
      break;
  }
  return Ok{};
}

}  // namespace

void add_mail_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string address;
  };
  auto options = std::make_shared<Options>();
  CLI::App* mail = app.add_subcommand("mail", "Outgoing mail");
  mail->require_subcommand(1);
  CLI::App* test = mail->add_subcommand(
      "test", "Send a test message through the configured SMTP server and show the dialogue");
  test->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  test->add_option("address", options->address, "where to send it")->required();
  test->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      bool delivered = false;
      Status sent = send_test(folder, options->address, delivered);
      if (!sent) {
        status = report(sent.error());
      } else if (!delivered) {
        status = 1;
      }
    });
  });
}

}  // namespace tribune::cli
