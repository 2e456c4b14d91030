/// A command a partner system writes to `komfy.job-commands`.
public enum JobCommand: Sendable, Hashable {
    case submit(SubmitJob)
    case cancel(CancelJob)

    /// The longest `command_id` and `idempotency_key`, in UTF-8 bytes.
    public static let maximumIDLength = 128
    /// The longest `client_reference`, in UTF-8 bytes.
    public static let maximumClientReferenceLength = 256

    /// Every command type, by the name written in the envelope's `type`.
    public static let bodyTypes: [any JobCommandBody.Type] = [SubmitJob.self, CancelJob.self]

    public var body: any JobCommandBody {
        switch self {
        case .submit(let submit): submit
        case .cancel(let cancel): cancel
        }
    }

    public var type: String { Swift.type(of: body).commandType }
    public var schemaVersion: Int { Swift.type(of: body).schemaVersion }
    public var commandID: String { body.commandID }
    public var clientReference: String { body.clientReference }
}
