import KomfyAccess
import Testing

@Suite("Authentication: the Authorization header")
struct AuthenticationTests {
    static let live = Fixture.secret(Fixture.seededLiveKeyText)
    static let test = Fixture.secret(Fixture.seededTestKeyText)
    static let unknownKey = Fixture.typedKeyText
    static let revokedKey = Fixture.key(seed: 77)
    static let table = KeyTable([
        Fixture.created(live), Fixture.created(test, tenant: "globex"),
        Fixture.created(revokedKey), Fixture.revoked(revokedKey),
    ])

    enum Expected: Sendable {
        case authenticated(String)
        case missing
        case invalidFormat(InvalidAuthFormat)
        case unknown
        case revoked
    }

    @Test("each header gets the right answer", arguments: [
        ("Bearer \(Fixture.seededLiveKeyText)", Expected.authenticated("acme")),
        ("Bearer \(Fixture.seededTestKeyText)", .authenticated("globex")),
        ("bearer \(Fixture.seededLiveKeyText)", .authenticated("acme")),
        ("BEARER \(Fixture.seededLiveKeyText)", .authenticated("acme")),
        ("Bearer   \(Fixture.seededLiveKeyText)", .authenticated("acme")),
        ("  Bearer \(Fixture.seededLiveKeyText)  ", .authenticated("acme")),
        ("Bearer\t\(Fixture.seededLiveKeyText)", .authenticated("acme")),
        (nil, .missing),
        ("", .missing),
        ("   ", .missing),
        (Fixture.seededLiveKeyText, .invalidFormat(.missingScheme)),
        ("Bearer", .invalidFormat(.missingToken)),
        ("Bearer   ", .invalidFormat(.missingToken)),
        ("Basic dXNlcjpwYXNz", .invalidFormat(.notBearer)),
        ("Token \(Fixture.seededLiveKeyText)", .invalidFormat(.notBearer)),
        ("Bearer: \(Fixture.seededLiveKeyText)", .invalidFormat(.notBearer)),
        ("dXNlcjpwYXNz", .invalidFormat(.notBearer)),
        ("Bearer \(Fixture.seededLiveKeyText) extra", .invalidFormat(.extraContent)),
        ("Bearer sk_live_ \(String(Fixture.seededLiveKeyText.dropFirst(8)))", .invalidFormat(.extraContent)),
        ("Bearer \(Fixture.seededLiveKeyText.dropLast())", .invalidFormat(.malformedKey(.wrongLength(50)))),
        ("Bearer \(Fixture.seededLiveKeyText)x", .invalidFormat(.malformedKey(.wrongLength(52)))),
        ("Bearer sk_prod_\(Fixture.seededLiveKeyText.dropFirst(8))", .invalidFormat(.malformedKey(.wrongPrefix))),
        ("Bearer \(Fixture.seededLiveKeyText.dropLast())!", .invalidFormat(.malformedKey(.invalidCharacter(position: 50)))),
        ("Bearer \(Fixture.typedKeyText)", .unknown),
        ("Bearer \(AuthenticationTests.revokedKey.text)", .revoked),
    ] as [(String?, Expected)])
    func header(_ header: String?, _ expected: Expected) {
        let result = Self.table.authenticate(bearer: header)
        switch (result, expected) {
        case (.authenticated(let record), .authenticated(let tenant)):
            #expect(record.tenant == tenant)
            #expect(result.error == nil)
        case (.missing, .missing), (.unknown, .unknown):
            break
        case (.invalidFormat(let reason), .invalidFormat(let expectedReason)):
            #expect(reason == expectedReason)
        case (.revoked(let record), .revoked):
            #expect(record.keyID == Self.revokedKey.keyID)
        default:
            Issue.record("\(String(describing: header)) gave \(result), expected \(expected)")
        }
        #expect(result.record == nil || result.error == nil)
    }

    @Test("every failure maps to its code, HTTP 401 and a message saying what to do")
    func errors() throws {
        let cases: [(String?, AccessError.Code, String)] = [
            (nil, .missingAuth,
             "Send your API key in the Authorization header: 'Authorization: Bearer sk_live_…'."),
            ("Basic abc", .invalidAuthFormat,
             "Only the Bearer scheme is supported. The header must look like 'Authorization: Bearer sk_live_…'."),
            (Fixture.seededLiveKeyText, .invalidAuthFormat,
             "Put 'Bearer ' before the API key. The header must look like 'Authorization: Bearer sk_live_…'."),
            ("Bearer", .invalidAuthFormat,
             "The API key is missing after 'Bearer'. The header must look like 'Authorization: Bearer sk_live_…'."),
            ("Bearer a b", .invalidAuthFormat,
             "Send only 'Bearer' and the API key, nothing after it. The header must look like 'Authorization: Bearer sk_live_…'."),
            ("Bearer sk_live_abc", .invalidAuthFormat,
             "API keys are 51 characters long, this one has 11. The header must look like 'Authorization: Bearer sk_live_…'."),
            ("Bearer \(Fixture.typedKeyText)", .invalidAPIKey,
             "This API key does not exist. Check that you copied all 51 characters, or create a new key."),
            ("Bearer \(Self.revokedKey.text)", .revokedAPIKey,
             "This API key has been revoked. Create a new key and use it instead."),
        ]
        for (header, code, message) in cases {
            let error = try #require(Self.table.authenticate(bearer: header).error)
            #expect(error.code == code)
            #expect(error.message == message)
            #expect(error.code.httpStatus == 401)
            #expect(error.retryAfter == nil)
        }
        #expect(AccessError.Code.missingAuth.rawValue == "missing_auth")
        #expect(AccessError.Code.invalidAuthFormat.rawValue == "invalid_auth_format")
        #expect(AccessError.Code.invalidAPIKey.rawValue == "invalid_api_key")
        #expect(AccessError.Code.revokedAPIKey.rawValue == "revoked_api_key")
    }

    @Test("an error never repeats the presented key")
    func noEcho() {
        for header in ["Bearer \(Fixture.typedKeyText)", "Bearer \(Self.revokedKey.text)", "Bearer \(Fixture.typedKeyText)x",
                       Fixture.typedKeyText] {
            let message = Self.table.authenticate(bearer: header).error?.message ?? ""
            #expect(!message.contains(String(Fixture.typedKeyText.dropFirst(8).prefix(10))))
            #expect(!message.contains(String(Self.revokedKey.text.dropFirst(8).prefix(10))))
        }
    }
}
