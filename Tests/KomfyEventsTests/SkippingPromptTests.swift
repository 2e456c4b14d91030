import Foundation
import Testing

@testable import KomfyEvents

@Suite("JobEventCodec.decode(_:skippingPrompt:): read models skip the workflow")
struct SkippingPromptTests {
    let codec = JobEventCodec()

    @Test("every sample decodes as in full, a JobSubmitted with a null prompt", arguments: JobEventSamples.all)
    func sameButThePrompt(_ sample: JobEventSample) throws {
        let data = try codec.encode(sample.envelope)
        let skipped = try codec.decode(data, skippingPrompt: true)
        var expected = sample.envelope
        if case .submitted(var submission) = expected.event {
            submission.prompt = .null
            expected.event = .submitted(submission)
        }
        #expect(skipped == expected)
        #expect(try codec.decode(data, skippingPrompt: false) == sample.envelope)
    }

    @Test("a record only JSONDecoder reads is decoded in full, prompt included")
    func slowPathKeepsThePrompt() throws {
        // A key written with an escape: the fast path defers such records to JSONDecoder.
        let record = """
            { "version": 1, "type": "JobSubmitted", "id": "6e4a3c1d-2b5f-4a8e-9c7d-1f0e2d3c4b5a",
              "job_id": "6e4a3c1d-2b5f-4a8e-9c7d-1f0e2d3c4b5a", "occurred_at": "2026-11-22T21:57:28.123Z",
              "producer": "ingest/h", "data": {"tenant": "t", "source": "http", "priority": 0,
                                               "prompt": {"5": {"class_type": "KSampler", "inputs": {"c\\u0066g": 7.5}}}} }
            """
        let envelope = try codec.decode(Data(record.utf8), skippingPrompt: true)
        guard case .submitted(let submission) = envelope.event else { Issue.record("not a submission"); return }
        #expect(submission.prompt["5"]?["inputs"]?["cfg"] != nil)
    }
}
