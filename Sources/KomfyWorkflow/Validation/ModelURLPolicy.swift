import Foundation

/// Which model URLs a workflow may ask Komfy to download. The model-fetcher downloads from inside the
/// cluster, so an open URL would let any tenant make it fetch internal addresses; models live on a
/// few well-known hosts, so only those are allowed.
public struct ModelURLPolicy: Sendable, Hashable {
    /// Domains that may serve models; each also allows its subdomains (`huggingface.co` allows
    /// `cdn-lfs.huggingface.co`). A leading `*.` is accepted and means the same. Default:
    /// `huggingface.co`, `civitai.com`, `storage.googleapis.com` (Google Cloud Storage).
    public var allowedDomains: [String]
    /// Whether Amazon S3 endpoints are allowed: hosts under `amazonaws.com` with an `s3` or `s3-...`
    /// label, such as `bucket.s3.us-east-1.amazonaws.com`. Default: `true`.
    public var allowsAmazonS3: Bool

    public init(allowedDomains: [String] = ModelURLPolicy.defaultDomains, allowsAmazonS3: Bool = true) {
        self.allowedDomains = allowedDomains
        self.allowsAmazonS3 = allowsAmazonS3
    }

    public static let defaultDomains = ["huggingface.co", "civitai.com", "storage.googleapis.com"]
    public static let standard = ModelURLPolicy()

    /// Why `url` may not be fetched, or `nil` when it may.
    public func problem(with url: String) -> ModelURLProblem? {
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }),
              let components = URLComponents(string: url), let scheme = components.scheme,
              let host = components.host, !host.isEmpty
        else { return .malformed }
        guard scheme.lowercased() == "https" else { return .notHTTPS(scheme: scheme.lowercased()) }
        guard components.user == nil, components.password == nil else { return .credentials }
        var normalized = host.lowercased()
        if normalized.hasSuffix(".") { normalized.removeLast() }
        guard allows(host: normalized) else { return .domainNotAllowed(host: normalized) }
        return nil
    }

    /// The allowed sources as a message lists them: `huggingface.co, civitai.com, ... or Amazon S3`.
    public var allowedSourcesText: String {
        var sources = allowedDomains.map(Self.domain)
        if allowsAmazonS3 { sources.append("Amazon S3") }
        switch sources.count {
        case 0: return "nowhere (no model URLs are allowed)"
        case 1: return sources[0]
        default: return sources.dropLast().joined(separator: ", ") + " or " + sources.last!
        }
    }

    private func allows(host: String) -> Bool {
        for domain in allowedDomains.map(Self.domain) where host == domain || host.hasSuffix("." + domain) {
            return true
        }
        guard allowsAmazonS3, host.hasSuffix(".amazonaws.com") else { return false }
        return host.split(separator: ".").dropLast(2).contains { $0 == "s3" || $0.hasPrefix("s3-") }
    }

    private static func domain(_ pattern: String) -> String {
        let lowered = pattern.lowercased()
        return lowered.hasPrefix("*.") ? String(lowered.dropFirst(2)) : lowered
    }
}

/// The rule a model URL broke.
public enum ModelURLProblem: Sendable, Hashable {
    /// Not a URL with a scheme and a host, or it holds spaces or control characters.
    case malformed
    /// Another scheme than `https`: a model fetched in clear text could be swapped on the way.
    case notHTTPS(scheme: String)
    /// A user name or password in the URL: it would be stored in events and logs. Credentials
    /// come from Komfy's configuration, per domain.
    case credentials
    /// A host outside `allowedDomains` (and S3 when allowed).
    case domainNotAllowed(host: String)

    /// The rule's name in `node_errors` (`extra_info.rule`).
    public var rule: String {
        switch self {
        case .malformed: "malformed_url"
        case .notHTTPS: "https_only"
        case .credentials: "no_credentials_in_url"
        case .domainNotAllowed: "allowed_domains"
        }
    }
}
