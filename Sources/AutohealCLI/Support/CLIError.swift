import ArgumentParser
import AutohealConfig
import AutohealGit
import AutohealImport
import AutohealLanding
import AutohealLinkRun
import AutohealPrevent
import AutohealStore
import Foundation

/// The one place where any error becomes the message a user sees and an exit code.
enum ErrorMapping {
    /// Our error types as one-line messages; `nil` for ArgumentParser's own errors.
    static func map(_ error: any Error) -> CLIError? {
        switch error {
        case let e as CLIError: return e
        case let e as ImportError: return CLIError(e.description, status: .badInput)
        case let e as ConfigError: return CLIError(e.description, status: .badInput)
        case let e as StoreError: return CLIError(e.ledgerDescription() ?? "database: \(e.description)", status: .failure)
        case let e as GitError: return CLIError("git: \(e.description)", status: .failure)
        case let e as HookInstaller.InstallError: return CLIError(e.description)
        case let e as EventStore.Conflict:
            return CLIError("event \(e.identity) is already in the ledger with different content (events are append-only)", status: .badInput)
        case let e as PreventError:
            return CLIError(e.description, status: e.kind == .badInput ? .badInput : e.kind == .usage ? .usage : .failure)
        case let e as CocoaError: return CLIError(e.localizedDescription, status: .failure)
        default:
            let name = String(reflecting: type(of: error))
            return name.hasPrefix("ArgumentParser.") ? nil : CLIError("\(error)", status: .failure)
        }
    }
}
