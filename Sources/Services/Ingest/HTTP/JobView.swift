import Foundation
import KomfyEvents
import KomfyJobs

/// A job as `GET /v1/jobs/{id}`, `GET /v1/jobs` and the 202 of `POST /v1/jobs` show it: cmfy.cloud's
/// shape (seeds 000 and 001). Fields that are unknown yet are left out, as cmfy.cloud does; `phase`
/// is Komfy's finer internal phase, an addition clients may ignore.
struct JobView: Encodable, Sendable {
    var jobID: String
    var status: String
    var phase: String?
    var queuePosition: Int?
    var estimatedWaitSeconds: Int?
    var createdAt: String?
    var startedAt: String?
    var completedAt: String?
    var executionTimeMs: Int64?
    var outputs: Outputs?
    var error: ErrorView?
    var metadata: JSONValue?

    struct Outputs: Encodable, Sendable {
        var images: [String]
        var videos: [String]?
        var audio: [String]?
        var files: [String]?
    }

    struct ErrorView: Encodable, Sendable {
        var code: String
        var message: String
        var nodeID: String?

        enum CodingKeys: String, CodingKey {
            case code, message
            case nodeID = "node_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", status, phase, queuePosition = "queue_position"
        case estimatedWaitSeconds = "estimated_wait_seconds", createdAt = "created_at", startedAt = "started_at"
        case completedAt = "completed_at", executionTimeMs = "execution_time_ms", outputs, error, metadata
    }

    init(_ job: StoredJob, queue: (position: Int, waitSeconds: Int)? = nil) {
        jobID = job.jobID.lowercasedString
        status = job.status.rawValue
        phase = job.phase.rawValue
        if job.status == .queued, let queue {
            queuePosition = queue.position
            estimatedWaitSeconds = queue.waitSeconds
        }
        createdAt = job.createdAt.rfc3339
        startedAt = job.startedAt?.rfc3339
        completedAt = job.completedAt?.rfc3339
        executionTimeMs = job.executionTimeMs
        if let outputs = job.outputs {
            self.outputs = Outputs(images: outputs.images, videos: outputs.videos.nilIfEmpty,
                                   audio: outputs.audio.nilIfEmpty, files: outputs.files.nilIfEmpty)
        } else if job.status == .completed {
            self.outputs = Outputs(images: [])
        }
        error = job.error.map { ErrorView(code: $0.code.rawValue, message: $0.message, nodeID: $0.nodeID) }
        metadata = job.metadata
    }

    /// The 202 of `POST /v1/jobs`: exactly the four fields of seeds/001.
    static func accepted(_ job: StoredJob, position: Int, waitSeconds: Int) -> AcceptedView {
        AcceptedView(jobID: job.jobID.lowercasedString, status: job.status.rawValue, queuePosition: position,
                     estimatedWaitSeconds: waitSeconds)
    }

    struct AcceptedView: Encodable, Sendable {
        var jobID: String
        var status: String
        var queuePosition: Int
        var estimatedWaitSeconds: Int

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id", status, queuePosition = "queue_position", estimatedWaitSeconds = "estimated_wait_seconds"
        }

        /// The bytes `JSONEncoder` would write, without it: every 202 of `POST /v1/jobs` is one of
        /// these. Nothing in it needs escaping (a UUID, a status name, two integers).
        var json: Data {
            Data(#"{"job_id":"\#(jobID)","status":"\#(status)","queue_position":\#(queuePosition),"estimated_wait_seconds":\#(estimatedWaitSeconds)}"#.utf8)
        }
    }
}

private extension Array {
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
