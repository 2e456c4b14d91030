/// Why a command record was not acted on, with what could be read of it so the partner can match
/// the rejection to the command it sent.
public struct CommandRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Not JSON of the command envelope, a body that does not fit its type, or the record key and
        /// `client_reference` disagree. The text says which field.
        case invalidCommand(String)
        case unknownCommandType(String)
        case missingSignature
        /// A malformed `komfy-signature` header (`malformedHeader`) or one that does not match.
        case badSignature(malformedHeader: Bool)
        case unknownKey
        case revokedKey
    }

    public var reason: Reason
    /// `body.command_id`, when it could be read.
    public var commandID: String?
    /// `body.client_reference`, or else the record's key.
    public var clientReference: String?
    /// `key_id`, when it was a well-formed key id.
    public var keyID: ApiKeyID?

    public init(_ reason: Reason, commandID: String? = nil, clientReference: String? = nil, keyID: ApiKeyID? = nil) {
        self.reason = reason
        self.commandID = commandID
        self.clientReference = clientReference
        self.keyID = keyID
    }

    public var code: AccessError.Code {
        switch reason {
        case .invalidCommand: .invalidCommand
        case .unknownCommandType: .unknownCommandType
        case .missingSignature: .missingSignature
        case .badSignature: .badSignature
        case .unknownKey: .unknownKey
        case .revokedKey: .revokedKey
        }
    }

    public var message: String {
        let known = JobCommand.bodyTypes.map { $0.commandType }.joined(separator: " or ")
        let how = "HMAC-SHA256 of the exact record value, keyed with the 32-byte SHA-256 of your API key"
        switch reason {
        case .invalidCommand(let problem):
            return "Invalid command: \(problem)."
        case .unknownCommandType(let type):
            return "Unknown command type '\(type)'; the types are \(known)."
        case .missingSignature:
            let header = CommandSigner.headerName
            return "The record has no \(header) header. Add '\(header): v1=<hex \(how)>'."
        case .badSignature(malformedHeader: true):
            return "The \(CommandSigner.headerName) header must be 'v1=' and 64 hex digits: the \(how)."
        case .badSignature(malformedHeader: false):
            return "The signature does not match the record value. Sign the exact bytes you send: the \(how)."
        case .unknownKey:
            let id = keyID?.rawValue ?? "given in key_id"
            return "No API key has the id \(id). Use the key_id shown when your key was created."
        case .revokedKey:
            return "The API key \(keyID?.rawValue ?? "") has been revoked. Sign with a key that is still active."
        }
    }

    /// The code and message, as a rejection event or log line carries them.
    public var error: AccessError { AccessError(code: code, message: message) }

    public var description: String { "\(code): \(message)" }
}
