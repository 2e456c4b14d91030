import Foundation
import KomfyEvents

/// Cancel a job: the Kafka-native twin of `POST /v1/jobs/{id}/cancel`. Only the key's tenant's jobs
/// can be cancelled; ingest checks that against its read model.
public struct CancelJob: JobCommandBody {
    public static let commandType = "CancelJob"

    public var commandID: String
    public var clientReference: String
    public var jobID: UUID

    public init(commandID: String, clientReference: String, jobID: UUID) {
        self.commandID = commandID
        self.clientReference = clientReference
        self.jobID = jobID
    }

    public func problem() -> String? { commonProblem() }

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case clientReference = "client_reference"
        case jobID = "job_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        commandID = try container.decode(String.self, forKey: .commandID)
        clientReference = try container.decode(String.self, forKey: .clientReference)
        jobID = try container.decode(UUID.self, forKey: .jobID)
    }

    // Lowercase, like every UUID Komfy writes (Foundation writes uppercase).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(commandID, forKey: .commandID)
        try container.encode(clientReference, forKey: .clientReference)
        try container.encode(jobID.lowercasedString, forKey: .jobID)
    }
}
