import Foundation

/// What a webhook URL must be at submit time: HTTPS, a host, no credentials, and not obviously
/// aimed inside our own network (loopback, private, link-local and unspecified addresses, or
/// `localhost`). The notifier checks the resolved address again at delivery, since a public name can
/// resolve to a private address.
enum WebhookURLCheck {
    /// Why `text` is refused, or nil when it is fine.
    static func problem(with text: String) -> String? {
        guard text.utf8.count <= 2048 else { return "The webhook URL is longer than 2048 bytes." }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return "The webhook URL '\(text.prefix(100))' is not a valid URL."
        }
        guard scheme == "https" else {
            return "The webhook URL must use HTTPS (got \(scheme)://); webhooks carry job results and are signed."
        }
        guard let host = components.host?.lowercased(), !host.isEmpty else {
            return "The webhook URL has no host."
        }
        if components.user != nil || components.password != nil {
            return "The webhook URL must not contain a user name or password; webhooks are signed instead."
        }
        if host == "localhost" || host.hasSuffix(".localhost") || isInternalAddress(host) {
            return "The webhook URL points at a loopback, private or link-local address (\(host)); use a public HTTPS endpoint."
        }
        return nil
    }

    /// IPv4 and IPv6 literals of loopback, private, link-local, CGNAT and unspecified ranges.
    static func isInternalAddress(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var ipv4 = in_addr()
        if inet_pton(AF_INET, bare, &ipv4) == 1 {
            let value = UInt32(bigEndian: ipv4.s_addr)
            let octet1 = value >> 24, octet2 = (value >> 16) & 0xFF
            return octet1 == 0 || octet1 == 10 || octet1 == 127 || (octet1 == 169 && octet2 == 254)
                || (octet1 == 172 && (16...31).contains(octet2)) || (octet1 == 192 && octet2 == 168)
                || (octet1 == 100 && (64...127).contains(octet2)) || value == 0xFFFF_FFFF
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, bare, &ipv6) == 1 {
            let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
            let isUnspecifiedOrLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && (bytes[15] == 0 || bytes[15] == 1)
            let isUniqueLocal = bytes[0] & 0xFE == 0xFC
            let isLinkLocal = bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
            let isMappedIPv4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            if isMappedIPv4 {
                return isInternalAddress("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")
            }
            return isUnspecifiedOrLoopback || isUniqueLocal || isLinkLocal
        }
        return false
    }
}
