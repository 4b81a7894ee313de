#pragma once
// Shared helpers of the qmlff subcommands: exit codes and error reporting.
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

namespace qmlff::cli {

// Exit codes of every subcommand (CLI11's own usage errors keep CLI11's codes).
constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;  // a check ran and failed (check-forces above tolerance)
constexpr int kExitError = 2;        // bad input: unreadable/malformed file, mismatch, refusal

// Runs body(); a qmlff::Error (or other std::exception) is printed as
// "qmlff <sub>: error: <message>" on stderr and turned into kExitError.
int guarded(const std::string& sub, const std::function<int()>& body);

// Sets the subcommand's callback to run `run(*opts)` through guarded(); a non-zero result
// leaves main() with that exit code (via CLI::RuntimeError, which prints nothing).
template <class Options, class Run>
void bind_callback(CLI::App* sub, std::shared_ptr<Options> opts, Run run) {
  const std::string name = sub->get_name();
  sub->callback([opts, run, name] {
    const int rc = guarded(name, [&] { return run(*opts); });
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

// For potential-file options, before CLI::ExistingFile: a bare name that is not in the
// current directory becomes the installed potential of that name (io/potential_path.h).
CLI::Validator installed_potential();

// Shortest decimal that reads back to the same double (for CSV files).
std::string exact(double v);

}  // namespace qmlff::cli
