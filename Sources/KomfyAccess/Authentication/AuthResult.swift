/// Who sent a request, or why it cannot be told.
public enum AuthResult: Sendable, Hashable {
    /// A known key that works; the record names its tenant and plan.
    case authenticated(ApiKeyRecord)
    /// No `Authorization` header, or an empty one.
    case missing
    /// The header is not `Bearer <key>`, or the token is not shaped like a key.
    case invalidFormat(InvalidAuthFormat)
    /// A well-formed key that no `ApiKeyCreated` describes.
    case unknown
    /// A key that was revoked.
    case revoked(ApiKeyRecord)

    /// The key's record when the request may go on.
    public var record: ApiKeyRecord? {
        if case .authenticated(let record) = self { return record }
        return nil
    }

    /// What to answer (HTTP 401) when the request may not go on.
    public var error: AccessError? {
        switch self {
        case .authenticated:
            return nil
        case .missing:
            return AccessError(code: .missingAuth, message:
                "Send your API key in the Authorization header: 'Authorization: Bearer sk_live_…'.")
        case .invalidFormat(let reason):
            return AccessError(code: .invalidAuthFormat, message: reason.message)
        case .unknown:
            return AccessError(code: .invalidAPIKey, message: "This API key does not exist. "
                + "Check that you copied all \(ApiKeySecret.length) characters, or create a new key.")
        case .revoked:
            return AccessError(code: .revokedAPIKey, message:
                "This API key has been revoked. Create a new key and use it instead.")
        }
    }
}

/// How an `Authorization` header missed the `Bearer <key>` shape.
public enum InvalidAuthFormat: Sendable, Hashable {
    /// Another scheme, e.g. `Basic`.
    case notBearer
    /// The key alone, without `Bearer ` before it.
    case missingScheme
    /// `Bearer` and nothing after it.
    case missingToken
    /// More than one word after `Bearer`.
    case extraContent
    /// The token is not shaped like an API key.
    case malformedKey(MalformedKeyReason)

    /// What is wrong and what the header must look like.
    public var message: String {
        let expected = "The header must look like 'Authorization: Bearer sk_live_…'."
        switch self {
        case .notBearer: return "Only the Bearer scheme is supported. \(expected)"
        case .missingScheme: return "Put 'Bearer ' before the API key. \(expected)"
        case .missingToken: return "The API key is missing after 'Bearer'. \(expected)"
        case .extraContent: return "Send only 'Bearer' and the API key, nothing after it. \(expected)"
        case .malformedKey(let reason): return "\(reason). \(expected)"
        }
    }
}
