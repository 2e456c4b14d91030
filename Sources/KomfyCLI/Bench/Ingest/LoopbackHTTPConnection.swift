#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// One blocking HTTP/1.1 keep-alive connection to a loopback server, for a thread that owns it.
///
/// The bench's own requests (readiness polls, the ComfyUI probe, metrics scrapes and the
/// constant-rate load) go through this rather than an event-loop client: a blocking socket per
/// thread has nothing between the clock and the wire, and adds no dependency to the project.
/// It understands what Hummingbird and aiohttp answer: `Content-Length` or chunked bodies.
final class LoopbackHTTPConnection {
    struct Response {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let port: Int
    private var socketFD: Int32 = -1
    /// Bytes read past the end of the previous response.
    private var pending: [UInt8] = []
    private var readBuffer = [UInt8](repeating: 0, count: 16_384)

    init(port: Int) {
        self.port = port
    }

    deinit {
        disconnect()
    }

    /// A complete request as it goes on the wire, built once and sent many times.
    static func request(_ method: String, _ path: String, port: Int, headers: [(String, String)] = [],
                        body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// Sends `request` and reads its response; reconnects first when the server closed the last one.
    func send(_ request: [UInt8]) throws -> Response {
        if socketFD < 0 { try connect() }
        do {
            try write(request)
            return try readResponse()
        } catch {
            disconnect()
            throw error
        }
    }

    func get(_ path: String) throws -> Response {
        try send(Self.request("GET", path, port: port))
    }

    func disconnect() {
        if socketFD >= 0 { close(socketFD) }
        socketFD = -1
        pending = []
    }

    private func connect() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("cannot open a socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw BenchError("cannot connect to 127.0.0.1:\(port)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A server that stops answering fails the request instead of hanging the bench.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        socketFD = fd
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.send(socketFD, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { throw BenchError("send to 127.0.0.1:\(port) failed (errno \(errno))") }
            sent += result
        }
    }

    /// Reads more bytes into `pending`.
    private func fill() throws {
        let fd = socketFD
        let count = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        guard count > 0 else { throw BenchError(count == 0 ? "the server closed the connection" : "recv failed (errno \(errno))") }
        pending.append(contentsOf: readBuffer[0..<count])
    }

    private func readResponse() throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = pending.firstRange(of: separator)?.upperBound
            if headEnd == nil { try fill() }
        }
        let head = String(decoding: pending[0..<headEnd!], as: UTF8.self)
        pending.removeFirst(headEnd!)
        let lines = head.split(separator: "\r\n")
        let statusWords = lines.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else { throw BenchError("not an HTTP response: \(head)") }
        var length = 0
        var chunked = false
        var closes = false
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "content-length": length = Int(parts[1]) ?? 0
            case "transfer-encoding": chunked = parts[1].contains("chunked")
            case "connection": closes = parts[1] == "close"
            default: break
            }
        }
        let body = chunked ? try readChunkedBody() : try take(length)
        if closes { disconnect() }
        return Response(status: status, body: body)
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while pending.count < count { try fill() }
        defer { pending.removeFirst(count) }
        return Array(pending[0..<count])
    }

    private func readLine() throws -> String {
        let newline: [UInt8] = Array("\r\n".utf8)
        while pending.firstRange(of: newline) == nil { try fill() }
        let end = pending.firstRange(of: newline)!
        defer { pending.removeFirst(end.upperBound) }
        return String(decoding: pending[0..<end.lowerBound], as: UTF8.self)
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeText = try readLine().split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw BenchError("bad chunk size '\(sizeText)'")
            }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers, then the empty line
                return body
            }
            body += try take(size)
            _ = try readLine()
        }
    }
}
