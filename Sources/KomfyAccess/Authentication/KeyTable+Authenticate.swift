extension KeyTable {
    /// Who sent the request whose `Authorization` header is `header`.
    ///
    /// The header follows RFC 9110 and RFC 6750: the scheme is case-insensitive (`bearer` works), one
    /// or more spaces separate it from the key, and spaces or tabs around the value are ignored.
    /// Anything after the key is an error rather than ignored, so a pasted line with a comment in it
    /// fails clearly instead of half-working.
    public func authenticate(bearer header: String?) -> AuthResult {
        switch Self.token(inAuthorizationHeader: header) {
        case .rejected(let result):
            return result
        case .token(let token):
            switch ApiKeySecret.parse(token) {
            case .malformed(let reason): return .invalidFormat(.malformedKey(reason))
            case .wellFormed(let secret): return authenticate(secret)
            }
        }
    }

    /// Who holds `secret`.
    public func authenticate(_ secret: ApiKeySecret) -> AuthResult {
        guard let record = record(matching: secret.digest) else { return .unknown }
        return record.isRevoked ? .revoked(record) : .authenticated(record)
    }

    private enum HeaderToken {
        case token(Substring)
        /// The header alone settles the answer.
        case rejected(AuthResult)
    }

    private static func token(inAuthorizationHeader header: String?) -> HeaderToken {
        let value = (header ?? "")[...].trimmingOptionalWhitespace()
        guard !value.isEmpty else { return .rejected(.missing) }
        guard let gap = value.firstIndex(where: \.isOptionalWhitespace) else {
            if value.lowercased() == "bearer" { return .rejected(.invalidFormat(.missingToken)) }
            let looksLikeKey = ApiKeyMode.allCases.contains { value.hasPrefix($0.prefix) }
            return .rejected(.invalidFormat(looksLikeKey ? .missingScheme : .notBearer))
        }
        guard value[..<gap].lowercased() == "bearer" else { return .rejected(.invalidFormat(.notBearer)) }
        let token = value[gap...].trimmingOptionalWhitespace()
        guard !token.contains(where: \.isOptionalWhitespace) else { return .rejected(.invalidFormat(.extraContent)) }
        return .token(token)
    }
}

extension Character {
    /// HTTP's optional whitespace: a space or a horizontal tab.
    fileprivate var isOptionalWhitespace: Bool { self == " " || self == "\t" }
}

extension Substring {
    fileprivate func trimmingOptionalWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isOptionalWhitespace }),
              let last = lastIndex(where: { !$0.isOptionalWhitespace })
        else { return "" }
        return self[first...last]
    }
}
