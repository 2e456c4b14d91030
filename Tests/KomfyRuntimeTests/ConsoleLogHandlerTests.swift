import KomfyEvents
import Logging
import Testing

@testable import KomfyRuntime

@Suite("ConsoleLogHandler: one line per message, metadata rendered when written")
struct ConsoleLogHandlerTests {
    @Test("a line has the time, level, label, message and the metadata sorted by key")
    func lineFormat() {
        let line = ConsoleLogHandler.line(
            at: Timestamp(millisecondsSinceEpoch: 1_796_000_000_123), level: .warning, label: "komfy.ingest",
            message: "slow broker", metadata: ["kafka.topic": "komfy.job-events", "hb.request.id": "7"])
        #expect(line == "2026-11-30T00:53:20.123Z warning komfy.ingest: slow broker hb.request.id=7 kafka.topic=komfy.job-events")
    }

    @Test("metadata set on the logger, from a provider and given with the message merge; the message's wins")
    func metadataMerge() {
        var handler = ConsoleLogHandler(label: "t", metadataProvider: Logger.MetadataProvider { ["from": "provider", "b": "1"] })
        handler[metadataKey: "a"] = "logger"
        handler[metadataKey: "b"] = "logger"
        #expect(handler[metadataKey: "a"] == "logger")
        #expect(handler.merged(with: ["b": "message"]) == ["a": "logger", "b": "message", "from": "provider"])
    }
}
