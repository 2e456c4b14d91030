#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import KomfyRuntime
import Logging

enum Console {
    /// Progress lines appear as they are printed, also when the output is a pipe or a file.
    static func lineBuffered() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }

    /// Logs to standard error at `LOG_LEVEL` (default `defaultLevel`); stdout stays for what the
    /// user asked for.
    static func bootstrapLogging(defaultLevel: Logger.Level = .info) {
        lineBuffered()
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label, logLevel: level) }
    }
}
