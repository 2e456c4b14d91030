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

    /// Reads `Bearer <token>` on the header's UTF-8 bytes: this runs for every request, and
    /// Character-by-Character scanning cost more than the rest of authentication. Separators are
    /// HTTP's optional whitespace (space, tab); the scheme is matched ASCII case-insensitively.
    private static func token(inAuthorizationHeader header: String?) -> HeaderToken {
        let value = (header ?? "")[...].trimmingOptionalWhitespace()
        guard !value.isEmpty else { return .rejected(.missing) }
        guard let gap = value.utf8.firstIndex(where: isOptionalWhitespace) else {
            if isBearer(value.utf8) { return .rejected(.invalidFormat(.missingToken)) }
            let looksLikeKey = ApiKeyMode.allCases.contains { value.utf8.starts(with: $0.prefix.utf8) }
            return .rejected(.invalidFormat(looksLikeKey ? .missingScheme : .notBearer))
        }
        guard isBearer(value.utf8[..<gap]) else { return .rejected(.invalidFormat(.notBearer)) }
        let token = value[gap...].trimmingOptionalWhitespace()
        guard !token.utf8.contains(where: isOptionalWhitespace) else { return .rejected(.invalidFormat(.extraContent)) }
        return .token(token)
    }

    private static func isBearer(_ scheme: Substring.UTF8View.SubSequence) -> Bool {
        scheme.count == 6 && zip(scheme, "bearer".utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}

/// HTTP's optional whitespace: a space or a horizontal tab.
private func isOptionalWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}

extension Substring {
    fileprivate func trimmingOptionalWhitespace() -> Substring {
        guard let first = utf8.firstIndex(where: { !isOptionalWhitespace($0) }),
              let last = utf8.lastIndex(where: { !isOptionalWhitespace($0) })
        else { return "" }
        // Both bounds sit next to ASCII (or at the ends), so they are Character boundaries too.
        return self[first..<utf8.index(after: last)]
    }
}
