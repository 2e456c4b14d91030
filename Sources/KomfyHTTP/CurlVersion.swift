import CCurl

/// The libcurl this build talks HTTP with. The async client (downloads with resume, webhooks, S3
/// SigV4) arrives with the model-fetcher issue.
public enum CurlVersion {
    public static var current: String {
        String(cString: curl_version())
    }
}
