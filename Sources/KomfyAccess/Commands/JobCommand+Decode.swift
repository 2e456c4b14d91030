import Foundation
import KomfyEvents

extension JobCommand {
    /// Reads and authenticates one record of `komfy.job-commands`.
    ///
    /// The checks run in this order, the first failure deciding the rejection: the value is a JSON
    /// object; it has a `komfy-signature` header; `key_id` names a key of `keys`; the signature matches
    /// the value's bytes; the key is not revoked; the type is known and its version supported; the
    /// body fits its type; the record key, when given, is the body's `client_reference`. Nothing about
    /// the command is trusted before the signature is checked, so an unsigned record learns only
    /// whether its key id exists.
    ///
    /// - Parameters:
    ///   - value: the record's value, exactly as read.
    ///   - signatureHeader: the record's `komfy-signature` header, nil when absent.
    ///   - keys: the key table folded from `komfy.api-keys`.
    ///   - recordKey: the record's Kafka key, which must equal `client_reference` when present.
    public static func decode(value: Data, signatureHeader: String?, keys: KeyTable,
                              recordKey: String? = nil) throws(CommandRejection) -> VerifiedJobCommand {
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: value), document.objectValue != nil else {
            throw CommandRejection(.invalidCommand("the record value must be a JSON object"), clientReference: recordKey)
        }
        let body = document["body"]
        let context = CommandRejection(
            .missingSignature,
            commandID: body?["command_id"]?.stringValue,
            clientReference: body?["client_reference"]?.stringValue ?? recordKey,
            keyID: document["key_id"]?.stringValue.flatMap(ApiKeyID.init(rawValue:)))
        func reject(_ reason: CommandRejection.Reason) -> CommandRejection {
            var rejection = context
            rejection.reason = reason
            return rejection
        }

        guard let signatureHeader, !signatureHeader.allSatisfy(\.isWhitespace) else { throw reject(.missingSignature) }
        guard let keyID = context.keyID else {
            throw reject(.invalidCommand("key_id must be your API key's id: key_ and 16 hex digits"))
        }
        guard let key = keys.record(for: keyID) else { throw reject(.unknownKey) }
        guard CommandSigner.signature(inHeader: signatureHeader) != nil else {
            throw reject(.badSignature(malformedHeader: true))
        }
        guard CommandSigner.verify(body: value, signatureHeader: signatureHeader, keyDigest: key.secretSHA256) else {
            throw reject(.badSignature(malformedHeader: false))
        }
        guard !key.isRevoked else { throw reject(.revokedKey) }

        guard let type = document["type"]?.stringValue else { throw reject(.invalidCommand("missing type")) }
        guard let bodyType = bodyTypes.first(where: { $0.commandType == type }) else {
            throw reject(.unknownCommandType(type))
        }
        guard let version = document["version"]?.intValue else { throw reject(.invalidCommand("missing version")) }
        guard version == bodyType.schemaVersion else {
            let problem = "\(type) version \(version) is not supported; this build reads version \(bodyType.schemaVersion)"
            throw reject(.invalidCommand(problem))
        }

        let envelope: JobCommandEnvelope
        do {
            envelope = try decodeEnvelope(bodyType, from: value)
        } catch let error as DecodingError {
            throw reject(.invalidCommand(DecodingErrorText.describe(error)))
        } catch {
            throw reject(.invalidCommand("\(error)"))
        }
        if let problem = envelope.command.body.problem() { throw reject(.invalidCommand(problem)) }
        if let recordKey, recordKey != envelope.command.clientReference {
            throw reject(.invalidCommand("the record key must be the body's client_reference"))
        }
        return VerifiedJobCommand(envelope: envelope, key: key)
    }

    private static func decodeEnvelope<Body: JobCommandBody>(_: Body.Type, from value: Data) throws -> JobCommandEnvelope {
        let wire = try JSONDecoder().decode(WireCommand<Body>.self, from: value)
        let command: JobCommand
        switch wire.body {
        case let submit as SubmitJob: command = .submit(submit)
        case let cancel as CancelJob: command = .cancel(cancel)
        default: preconditionFailure("\(Body.self) is in JobCommand.bodyTypes but has no case")
        }
        return JobCommandEnvelope(keyID: wire.keyID, issuedAt: wire.issuedAt, command: command)
    }
}

/// A command whose signature checked out, with the key that signed it: its tenant owns the job and
/// its plan sets the limits the command is held to.
public struct VerifiedJobCommand: Sendable, Hashable {
    public var envelope: JobCommandEnvelope
    public var key: ApiKeyRecord

    public init(envelope: JobCommandEnvelope, key: ApiKeyRecord) {
        self.envelope = envelope
        self.key = key
    }

    public var command: JobCommand { envelope.command }
    public var tenant: String { key.tenant }
}
