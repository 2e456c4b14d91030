import Foundation
import KomfyAccess
import KomfyEvents
import Testing

@Suite("Kafka-native commands: reading and authenticating komfy.job-commands")
struct JobCommandTests {
    static let key = Fixture.secret(Fixture.typedKeyText)
    static let revokedKey = Fixture.key(seed: 11)
    static let strangerKey = Fixture.key(seed: 12)
    static let keys = KeyTable([
        Fixture.created(key, tenant: "acme", plan: .enterprise),
        Fixture.created(revokedKey, tenant: "acme"), Fixture.revoked(revokedKey),
    ])
    static let jobID = UUID(uuidString: "0b9d7c4e-5f6a-4b3c-8d2e-1f0a9b8c7d6e")!

    static let submit = JobCommandEnvelope(
        keyID: key.keyID, issuedAt: Fixture.t0,
        command: .submit(SubmitJob(commandID: "cmd-1", clientReference: "order-1042",
                                   prompt: ["1": ["class_type": "EmptyLatentImage", "inputs": ["width": 512]]],
                                   webhookURL: "https://example.com/hooks/komfy", priority: 5,
                                   metadata: ["customer": "c-9"], idempotencyKey: "idem-1")))
    static let minimalSubmit = JobCommandEnvelope(
        keyID: key.keyID, issuedAt: Fixture.t0,
        command: .submit(SubmitJob(commandID: "cmd-2", clientReference: "order-1043", prompt: ["1": ["class_type": "X"]])))
    static let cancel = JobCommandEnvelope(
        keyID: key.keyID, issuedAt: Fixture.at(seconds: 1),
        command: .cancel(CancelJob(commandID: "cmd-3", clientReference: "order-1042", jobID: jobID)))

    /// `json` signed with `secret`, as a partner would write it.
    static func signed(_ json: String, with secret: ApiKeySecret = key) -> (Data, String) {
        let value = Data(json.utf8)
        return (value, CommandSigner.sign(body: value, keyDigest: secret.digest))
    }

    @Test("a command written by the Python example is read and attributed to its key's tenant")
    func pythonExample() throws {
        let verified = try JobCommand.decode(value: CommandSignerTests.pythonValue,
                                             signatureHeader: CommandSignerTests.pythonSignature,
                                             keys: Self.keys, recordKey: "order-1042")
        #expect(verified.tenant == "acme")
        #expect(verified.key.keyID == Self.key.keyID)
        #expect(verified.key.plan == .enterprise)
        #expect(verified.envelope.keyID == Self.key.keyID)
        #expect(verified.envelope.issuedAt == Fixture.t0)
        #expect(verified.command == .submit(SubmitJob(
            commandID: "5f0c7d0e-8f1a-4a7b-9a55-2b1f0f6c9e11", clientReference: "order-1042",
            prompt: ["1": ["class_type": "EmptyLatentImage", "inputs": ["width": 512, "height": 512, "batch_size": 1]]],
            webhookURL: "https://example.com/hooks/komfy", priority: 5)))
        #expect(verified.command.type == "SubmitJob")
        #expect(verified.command.schemaVersion == 1)
    }

    @Test("every command survives a signed round trip", arguments: [submit, minimalSubmit, cancel])
    func roundTrip(_ envelope: JobCommandEnvelope) throws {
        let record = try envelope.signedRecord(keyDigest: Self.key.digest)
        #expect(record.key == envelope.command.clientReference)
        let verified = try JobCommand.decode(value: record.value, signatureHeader: record.signatureHeader,
                                             keys: Self.keys, recordKey: record.key)
        #expect(verified.envelope == envelope)
        #expect(try verified.envelope.encoded() == record.value)
    }

    @Test("commands are written exactly so: sorted keys, lowercase UUIDs, absent fields left out")
    func bytes() throws {
        #expect(String(decoding: try Self.cancel.encoded(), as: UTF8.self)
            == #"{"body":{"client_reference":"order-1042","command_id":"cmd-3","job_id":"0b9d7c4e-5f6a-4b3c-8d2e-1f0a9b8c7d6e"},"#
            + #""issued_at":"2026-03-01T12:00:01.000Z","key_id":"key_1f34e5489a4464fa","type":"CancelJob","version":1}"#)
        #expect(String(decoding: try Self.minimalSubmit.encoded(), as: UTF8.self)
            == #"{"body":{"client_reference":"order-1043","command_id":"cmd-2","prompt":{"1":{"class_type":"X"}}},"#
            + #""issued_at":"2026-03-01T12:00:00.000Z","key_id":"key_1f34e5489a4464fa","type":"SubmitJob","version":1}"#)
        #expect(String(decoding: try Self.submit.encoded(), as: UTF8.self).contains(
            #""idempotency_key":"idem-1","metadata":{"customer":"c-9"},"priority":5,"#
            + #""prompt":{"1":{"class_type":"EmptyLatentImage","inputs":{"width":512}}},"webhook_url":"https://example.com/hooks/komfy"}"#))
    }

    static let cancelJSON = #"{"type":"CancelJob","version":1,"key_id":"key_1f34e5489a4464fa","issued_at":"2026-03-01T12:00:00Z","body":{"command_id":"c-1","client_reference":"order-7","job_id":"0b9d7c4e-5f6a-4b3c-8d2e-1f0a9b8c7d6e"}}"#

    struct Rejection: Sendable, CustomStringConvertible {
        var name: String
        var value: Data
        var signature: String?
        var recordKey: String? = "order-7"
        var code: String
        var message: String
        var commandID: String? = "c-1"
        var clientReference: String? = "order-7"
        var keyID: String? = Fixture.typedKeyID
        var description: String { name }

        init(_ name: String, _ json: String, signedWith secret: ApiKeySecret? = JobCommandTests.key, signature: String? = nil,
             recordKey: String? = "order-7", code: String, message: String) {
            self.name = name
            let (value, computed) = JobCommandTests.signed(json, with: secret ?? JobCommandTests.key)
            self.value = value
            self.signature = signature ?? (secret == nil ? nil : computed)
            self.recordKey = recordKey
            self.code = code
            self.message = message
        }
    }

    static let how = "HMAC-SHA256 of the exact record value, keyed with the 32-byte SHA-256 of your API key"

    @Test("each way a command can fail has its code, message and the command's identity", arguments: [
        Rejection("not JSON", "{oops", code: "invalid_command", message: "Invalid command: the record value must be a JSON object.")
            .without(commandID: true, keyID: true),
        Rejection("no signature", cancelJSON, signedWith: nil, code: "missing_signature",
                  message: "The record has no komfy-signature header. Add 'komfy-signature: v1=<hex \(how)>'."),
        Rejection("blank signature", cancelJSON, signature: "  ", code: "missing_signature",
                  message: "The record has no komfy-signature header. Add 'komfy-signature: v1=<hex \(how)>'."),
        Rejection("no key id", cancelJSON.replacingOccurrences(of: #""key_id":"key_1f34e5489a4464fa","#, with: ""),
                  code: "invalid_command", message: "Invalid command: key_id must be your API key's id: key_ and 16 hex digits.")
            .without(keyID: true),
        Rejection("unknown key id", cancelJSON.replacingOccurrences(of: Fixture.typedKeyID, with: "key_00000000000000ff"),
                  code: "unknown_key",
                  message: "No API key has the id key_00000000000000ff. Use the key_id shown when your key was created.")
            .with(keyID: "key_00000000000000ff"),
        Rejection("malformed signature", cancelJSON, signature: "sha256=abc", code: "bad_signature",
                  message: "The komfy-signature header must be 'v1=' and 64 hex digits: the \(how)."),
        Rejection("signed with another key", cancelJSON, signedWith: strangerKey, code: "bad_signature",
                  message: "The signature does not match the record value. Sign the exact bytes you send: the \(how)."),
        Rejection("signed with a revoked key", cancelJSON.replacingOccurrences(of: Fixture.typedKeyID, with: revokedKey.keyID.rawValue),
                  signedWith: revokedKey, code: "revoked_key",
                  message: "The API key \(revokedKey.keyID) has been revoked. Sign with a key that is still active.")
            .with(keyID: revokedKey.keyID.rawValue),
        Rejection("unknown type", cancelJSON.replacingOccurrences(of: "CancelJob", with: "DeleteJob"), code: "unknown_command_type",
                  message: "Unknown command type 'DeleteJob'; the types are SubmitJob or CancelJob."),
        Rejection("newer version", cancelJSON.replacingOccurrences(of: #""version":1"#, with: #""version":2"#), code: "invalid_command",
                  message: "Invalid command: CancelJob version 2 is not supported; this build reads version 1."),
        Rejection("missing job id", cancelJSON.replacingOccurrences(of: #","job_id":"0b9d7c4e-5f6a-4b3c-8d2e-1f0a9b8c7d6e""#, with: ""),
                  code: "invalid_command", message: "Invalid command: missing body.job_id."),
        Rejection("submit without a prompt", cancelJSON.replacingOccurrences(of: "CancelJob", with: "SubmitJob"),
                  code: "invalid_command", message: "Invalid command: missing body.prompt."),
        Rejection("a prompt that is not an object",
                  cancelJSON.replacingOccurrences(of: "CancelJob", with: "SubmitJob").replacingOccurrences(of: #""job_id""#, with: #""prompt""#),
                  code: "invalid_command",
                  message: "Invalid command: body.prompt must be a ComfyUI API-format workflow: a non-empty object of nodes."),
        Rejection("a priority that is not an integer",
                  #"{"type":"SubmitJob","version":1,"key_id":"key_1f34e5489a4464fa","issued_at":"2026-03-01T12:00:00Z","body":{"command_id":"c-1","client_reference":"order-7","prompt":{"1":{}},"priority":"high"}}"#,
                  code: "invalid_command", message: "Invalid command: expected an integer at body.priority."),
        Rejection("an empty command id", cancelJSON.replacingOccurrences(of: #""command_id":"c-1""#, with: #""command_id":"""#),
                  code: "invalid_command", message: "Invalid command: body.command_id must be 1 to 128 characters.")
            .with(commandID: ""),
        Rejection("a record key that is not the client reference", cancelJSON, recordKey: "order-8",
                  code: "invalid_command", message: "Invalid command: the record key must be the body's client_reference."),
    ])
    func rejections(_ test: Rejection) {
        do {
            let verified = try JobCommand.decode(value: test.value, signatureHeader: test.signature, keys: Self.keys,
                                                 recordKey: test.recordKey)
            Issue.record("accepted: \(verified)")
        } catch {
            #expect(error.code.rawValue == test.code)
            #expect(error.message == test.message)
            #expect(error.commandID == test.commandID)
            #expect(error.clientReference == test.clientReference)
            #expect(error.keyID?.rawValue == test.keyID)
            #expect(error.error == AccessError(code: error.code, message: test.message))
        }
    }

    @Test("the rejection event echoes what could be read and the error, in snake_case")
    func rejectedEvent() throws {
        let (value, _) = Self.signed(Self.cancelJSON)
        do {
            _ = try JobCommand.decode(value: value, signatureHeader: nil, keys: Self.keys, recordKey: "order-7")
            Issue.record("accepted an unsigned command")
        } catch {
            let event = JobCommandRejected(error)
            #expect(JobCommandRejected.eventType == "JobCommandRejected")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let bytes = try encoder.encode(event)
            #expect(String(decoding: bytes, as: UTF8.self)
                == #"{"client_reference":"order-7","command_id":"c-1","error":{"code":"missing_signature","message":"The record has no komfy-signature header. Add 'komfy-signature: v1=<hex \#(Self.how)>'."},"key_id":"key_1f34e5489a4464fa"}"#)
            #expect(try JSONDecoder().decode(JobCommandRejected.self, from: bytes) == event)
        }
        let unreadable = JobCommandRejected(CommandRejection(.invalidCommand("x"), clientReference: "order-9"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(unreadable), as: UTF8.self)
            == #"{"client_reference":"order-9","error":{"code":"invalid_command","message":"Invalid command: x."}}"#)
    }
}

extension JobCommandTests.Rejection {
    func without(commandID: Bool = false, keyID: Bool = false) -> Self {
        var copy = self
        if commandID { copy.commandID = nil }
        if keyID { copy.keyID = nil }
        return copy
    }

    func with(commandID: String? = nil, keyID: String? = nil) -> Self {
        var copy = self
        if let commandID { copy.commandID = commandID }
        if let keyID { copy.keyID = keyID }
        return copy
    }
}
