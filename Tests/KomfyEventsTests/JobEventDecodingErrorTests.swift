import Foundation
import KomfyEvents
import Testing

@Suite("JobEventCodec: records it cannot decode fail with a JobEventDecodingError that says why")
struct JobEventDecodingErrorTests {
    let codec = JobEventCodec()

    /// A JobStarted record, valid unless a part is replaced.
    private func record(type: String = "JobStarted", version: Int = 1, occurredAt: String = "2026-11-22T21:57:28.123Z",
                        data: String = #"{"attempt":1,"executor_id":"gpu-1"}"#) -> Data {
        Data("""
            {"data":\(data),"id":"8ac8f411-a34d-5af8-b6d0-6fc34daa2090","job_id":"0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60",\
            "occurred_at":"\(occurredAt)","producer":"executor/gpu-1","type":"\(type)","version":\(version)}
            """.utf8)
    }

    private func decodingError(_ data: Data) -> JobEventDecodingError? {
        do {
            let envelope = try codec.decode(data)
            Issue.record("decoded \(envelope.event.type) from an invalid record")
            return nil
        } catch let error as JobEventDecodingError {
            return error
        } catch {
            Issue.record("threw \(type(of: error)), not JobEventDecodingError: \(error)")
            return nil
        }
    }

    @Test("the record helper makes a valid record")
    func validRecord() throws {
        let envelope = try codec.decode(record())
        #expect(envelope.event == JobEvent(JobStarted(executorID: "gpu-1", attempt: 1)))
    }

    @Test("an unknown type")
    func unknownType() {
        let error = decodingError(record(type: "JobExploded"))
        #expect(error == .unknownType("JobExploded"))
        #expect(error?.description == "unknown job event type 'JobExploded'")
    }

    @Test("a version newer than this build")
    func newerVersion() {
        let error = decodingError(record(version: 2))
        #expect(error == .newerVersion(type: "JobStarted", version: 2, supported: 1))
        #expect(error?.description == "JobStarted version 2 is newer than this build understands (1); upgrade Komfy")
    }

    @Test("an older version without an upcaster")
    func olderVersionWithoutUpcaster() {
        let error = decodingError(record(version: 0))
        #expect(error == .noUpcaster(type: "JobStarted", fromVersion: 0))
        #expect(error?.description == "no upcaster for JobStarted from version 0")
    }

    @Test("malformed JSON", arguments: ["", "{", "not json", #"{"type":"JobStarted","version":1"#])
    func malformedJSON(_ text: String) {
        let error = decodingError(Data(text.utf8))
        guard case .malformed(let reason) = error else {
            Issue.record("expected .malformed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("not valid JSON"), "\(reason)")
        #expect(error?.description.hasPrefix("malformed job event: ") == true)
    }

    @Test("a record that is not an object")
    func notAnObject() {
        #expect(decodingError(Data("[1,2]".utf8))?.description.hasPrefix("malformed job event: ") == true)
    }

    @Test("a missing required field names its path")
    func missingField() {
        #expect(decodingError(record(data: #"{"attempt":1}"#)) == .malformed("missing data.executor_id"))
        let noType = Data(#"{"version":1,"data":{}}"#.utf8)
        #expect(decodingError(noType) == .malformed("missing type"))
        #expect(decodingError(Data(String(decoding: record(), as: UTF8.self)
            .replacingOccurrences(of: #""producer":"executor/gpu-1","#, with: "").utf8)) == .malformed("missing producer"))
    }

    @Test("a field of the wrong type names its path")
    func wrongType() {
        let error = decodingError(record(data: #"{"attempt":"1","executor_id":"gpu-1"}"#))
        guard case .malformed(let reason) = error else {
            Issue.record("expected .malformed, got \(String(describing: error))")
            return
        }
        #expect(reason.hasSuffix(" at data.attempt"), "\(reason)")
    }

    @Test("a time that is not RFC 3339")
    func badTimestamp() {
        let error = decodingError(record(occurredAt: "22/11/2026 21:57"))
        guard case .malformed(let reason) = error else {
            Issue.record("expected .malformed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("expected an RFC 3339 UTC time"), "\(reason)")
        #expect(reason.hasSuffix(" at occurred_at"), "\(reason)")
    }

    @Test("a bad UUID")
    func badUUID() {
        let text = String(decoding: record(), as: UTF8.self).replacingOccurrences(of: "0d9f6a4e-8c5b", with: "not-a-uuid")
        guard case .malformed(let reason) = decodingError(Data(text.utf8)) else {
            Issue.record("expected .malformed")
            return
        }
        #expect(reason.hasSuffix(" at job_id"), "\(reason)")
    }
}
