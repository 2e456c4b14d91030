import Foundation
import Logging

/// Per-test debug logs, for a failure that shows only in a full parallel run.
///
/// With `KOMFY_TEST_DEBUG_DIR=DIR`, a test that asks (`IngestHarness` does for each ingest instance)
/// logs everything at debug level, librdkafka's `kafkaDebugContexts` included, to `DIR/<name>.log`,
/// one line per message with a Unix timestamp. Without it the run's `TestKafka.logger` is used and
/// nothing is written. docs/development.md says how to read such a run.
public enum TestDebugLog {
    public static let directory = ProcessInfo.processInfo.environment["KOMFY_TEST_DEBUG_DIR"].flatMap { $0.isEmpty ? nil : $0 }

    /// librdkafka's `debug` property for those logs: partition state, fetches, requests.
    public static let kafkaDebugContexts = "topic,fetch,consumer,protocol"

    /// The logger of the test part `name`: a debug file in `directory`, or `TestKafka.logger`.
    public static func logger(named name: String) throws -> Logger {
        guard let directory else { return TestKafka.logger }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(name + ".log").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        var logger = Logger(label: "komfy.test.debug") { _ in
            EventLogHandler { event, metadata in
                let line = String(format: "%.6f", Date().timeIntervalSince1970) + " \(event.level) \(event.message)"
                    + (metadata.isEmpty ? "" : " \(metadata)") + "\n"
                file.write(Data(line.utf8))
            }
        }
        logger.logLevel = .debug
        return logger
    }
}

/// Hands every message, with the logger's metadata merged into the event's, to `write`: for tests
/// that keep or inspect what was logged.
public struct EventLogHandler: LogHandler {
    public var logLevel: Logger.Level = .trace
    public var metadata: Logger.Metadata = [:]
    private let write: @Sendable (LogEvent, Logger.Metadata) -> Void

    public init(write: @escaping @Sendable (LogEvent, Logger.Metadata) -> Void) {
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(event, metadata.merging(event.metadata ?? [:]) { _, new in new })
    }
}
