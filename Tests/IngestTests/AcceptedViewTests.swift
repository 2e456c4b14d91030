import Foundation
import Testing

@testable import KomfyIngest

@Suite("The 202 of POST /v1/jobs")
struct AcceptedViewTests {
    @Test("its hand-written JSON is the document JSONEncoder writes, keys in the seeds' order",
          arguments: [(1, 30), (0, 0), (12_345, 987_654_321)])
    func sameDocumentAsJSONEncoder(position: Int, wait: Int) throws {
        let view = JobView.AcceptedView(jobID: "0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60", status: "queued",
                                        queuePosition: position, estimatedWaitSeconds: wait)
        let written = try #require(try JSONSerialization.jsonObject(with: view.json) as? NSDictionary)
        let reference = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? NSDictionary)
        #expect(written == reference)
        #expect(String(decoding: view.json, as: UTF8.self)
                == #"{"job_id":"0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60","status":"queued","queue_position":\#(position),"estimated_wait_seconds":\#(wait)}"#)
    }
}
