#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import KomfyEvents
import Logging

/// Komfy's log lines, one per message on standard error:
/// `2026-11-29T16:46:19.123Z info komfy.ingest: message key=value key=value`.
///
/// Metadata is rendered only when a line is written. (swift-log's `StreamLogHandler` renders all of
/// it into a string whenever a key is set, and a server sets a request id and an API key id on the
/// logger of every request, while it writes a line for few of them.)
public struct ConsoleLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = Self.line(at: .now(), level: event.level, label: label, message: "\(event.message)",
                             metadata: merged(with: event.metadata))
        line.append("\n")
        line.withCString { _ = fputs($0, stderr) }
    }

    /// The logger's metadata, then the provider's, then the message's; later ones win.
    func merged(with given: Logger.Metadata?) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given { merged.merge(given) { _, new in new } }
        return merged
    }

    /// One log line without its newline; keys sorted, so lines of one kind line up.
    static func line(at time: Timestamp, level: Logger.Level, label: String, message: String,
                     metadata: Logger.Metadata) -> String {
        var line = "\(time.rfc3339) \(level) \(label): \(message)"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        return line
    }
}
