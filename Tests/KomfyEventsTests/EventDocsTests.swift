import Foundation
import KomfyEvents
import Testing

/// docs/events.md shows one example record per event type. They are the encoder's real output for
/// the full samples, so they cannot drift from the code.
@Suite("docs/events.md: the example records")
struct EventDocsTests {
    /// The ```json blocks of docs/events.md that are job event records.
    static func exampleRecords() throws -> [String] {
        let text = try String(contentsOf: EventSchemaChecker.repoRoot.appending(path: "docs/events.md"), encoding: .utf8)
        var blocks: [String] = []
        var open: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let block = open {
                if line == "```" {
                    blocks.append(block.joined(separator: "\n"))
                    open = nil
                } else {
                    open = block + [line]
                }
            } else if line == "```json" {
                open = []
            }
        }
        return blocks.filter { $0.contains("\"occurred_at\"") }
    }

    @Test("every event type has one example, and it is the encoder's output for its full sample")
    func examplesAreEncoderOutput() throws {
        let codec = JobEventCodec()
        let examples = try Self.exampleRecords().map { try codec.decode(Data($0.utf8)) }
        #expect(examples.map(\.event.type) == JobEvent.payloadTypes.map { $0.eventType },
                "one example per type, in the order of JobEvent.payloadTypes")
        for example in examples {
            let sample = JobEventSamples.full.first { $0.envelope.event.type == example.event.type }
            #expect(example == sample?.envelope, "the \(example.event.type) example is not the full sample's record")
        }
    }
}
