/// The body of one command type; its name is the envelope's `type`.
public protocol JobCommandBody: Codable, Sendable, Hashable {
    static var commandType: String { get }
    static var schemaVersion: Int { get }
    /// The partner's id for this command, unique per key. Ingest derives the resulting event ids from
    /// it, so a command sent twice acts once.
    var commandID: String { get }
    /// The partner's own id for the job; also the record's Kafka key.
    var clientReference: String { get }
    /// What is wrong with the body beyond its JSON shape, or nil.
    func problem() -> String?
}

extension JobCommandBody {
    public static var schemaVersion: Int { 1 }

    /// The limits every command body shares; a type's own `problem()` checks these first.
    func commonProblem() -> String? {
        if commandID.isEmpty || commandID.utf8.count > JobCommand.maximumIDLength {
            return "body.command_id must be 1 to \(JobCommand.maximumIDLength) characters"
        }
        if clientReference.isEmpty || clientReference.utf8.count > JobCommand.maximumClientReferenceLength {
            return "body.client_reference must be 1 to \(JobCommand.maximumClientReferenceLength) characters"
        }
        return nil
    }
}
