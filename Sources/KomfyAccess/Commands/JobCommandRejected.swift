/// A partner's command was not acted on. Written where the partner reads it back (on
/// `komfy.job-commands` itself or on `komfy.job-events`; the ingest change decides), keyed like the
/// command, so the partner can match it by `command_id` or `client_reference`.
///
/// The identifying fields are optional because a record that is not even JSON has none; whatever
/// could be read is echoed.
public struct JobCommandRejected: Sendable, Hashable, Codable {
    public static let eventType = "JobCommandRejected"

    public var commandID: String?
    public var clientReference: String?
    public var keyID: ApiKeyID?
    /// `{code, message}`, the codes of `CommandRejection`.
    public var error: AccessError

    public init(commandID: String?, clientReference: String?, keyID: ApiKeyID?, error: AccessError) {
        self.commandID = commandID
        self.clientReference = clientReference
        self.keyID = keyID
        self.error = error
    }

    /// The event telling the partner about `rejection`.
    public init(_ rejection: CommandRejection) {
        self.init(commandID: rejection.commandID, clientReference: rejection.clientReference,
                  keyID: rejection.keyID, error: rejection.error)
    }

    enum CodingKeys: String, CodingKey {
        case error
        case commandID = "command_id"
        case clientReference = "client_reference"
        case keyID = "key_id"
    }
}
