import Foundation

/// Runs a command to completion and collects what it printed (stdout and stderr together).
public enum CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// Blocks the calling thread until the command exits; `input` goes to its standard input.
    /// `environment`: the command's whole environment (nil: this process's).
    public static func run(_ executable: URL, _ arguments: [String], input: Data? = nil,
                           environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        try process.runWithNoSignalsBlocked()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The same, waiting on a thread of its own: a task that awaits it leaves its cooperative thread
    /// free (of which there are as many as cores) for the whole run of the command.
    public static func run(_ executable: URL, _ arguments: [String], input: Data? = nil,
                           environment: [String: String]? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try run(executable, arguments, input: input, environment: environment) })
            }.start()
        }
    }
}
