/// Small values shared by several job events.

/// Where a job came from.
public struct JobSource: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// cmfy.cloud's `POST /v1/jobs`.
    public static let http = JobSource(rawValue: "http")
    /// ComfyUI's own `POST /prompt`.
    public static let comfyUI = JobSource(rawValue: "comfyui")
    /// A `SubmitJob` command on `komfy.job-commands`.
    public static let kafka = JobSource(rawValue: "kafka")

    public var description: String { rawValue }
}

/// The service that wrote an event, or in which a job stopped.
public struct JobStage: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let ingest = JobStage(rawValue: "ingest")
    public static let validator = JobStage(rawValue: "validator")
    public static let modelFetcher = JobStage(rawValue: "model_fetcher")
    public static let executor = JobStage(rawValue: "executor")
    public static let outputUploader = JobStage(rawValue: "output_uploader")
    public static let webhookNotifier = JobStage(rawValue: "webhook_notifier")

    public var description: String { rawValue }
}

/// Error codes, in cmfy.cloud's and Comfy Cloud's vocabulary. Extensible: a reader keeps codes it
/// does not know.
public struct JobErrorCode: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let workflowError = JobErrorCode(rawValue: "workflow_error")
    public static let modelDownloadError = JobErrorCode(rawValue: "model_download_error")
    public static let imageDownloadError = JobErrorCode(rawValue: "image_download_error")
    public static let oomError = JobErrorCode(rawValue: "oom_error")
    public static let executionError = JobErrorCode(rawValue: "execution_error")
    public static let timeout = JobErrorCode(rawValue: "timeout")
    public static let executorLost = JobErrorCode(rawValue: "executor_lost")
    public static let internalError = JobErrorCode(rawValue: "internal_error")

    public var description: String { rawValue }
}

/// Why a job failed, as the API and webhooks show it (`error{code, message}`), with what an
/// operator needs to dig further.
public struct JobError: Codable, Sendable, Hashable {
    public var code: JobErrorCode
    /// One line a user can act on, e.g. `Node 5: Invalid sampler_name 'invalid'`.
    public var message: String
    public var nodeID: String?
    /// The Python exception class when ComfyUI raised one, e.g. `torch.OutOfMemoryError`.
    public var exceptionType: String?
    /// Structured detail, e.g. ComfyUI's `node_errors`.
    public var details: JSONValue?

    public init(code: JobErrorCode, message: String, nodeID: String? = nil, exceptionType: String? = nil,
                details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.nodeID = nodeID
        self.exceptionType = exceptionType
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case code, message, details
        case nodeID = "node_id"
        case exceptionType = "exception_type"
    }
}

/// A workflow input that names a model file: a URL to fetch or a name already in the model store.
public struct ModelReference: Codable, Sendable, Hashable {
    public var nodeID: String
    public var input: String
    /// The ComfyUI model folder: `checkpoints`, `loras`, `vae`, ...
    public var folder: String
    public var url: String?
    public var name: String?

    public init(nodeID: String, input: String, folder: String, url: String? = nil, name: String? = nil) {
        self.nodeID = nodeID
        self.input = input
        self.folder = folder
        self.url = url
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case input, folder, url, name
        case nodeID = "node_id"
    }
}

/// A model present in the content-addressed model store, ready for an executor.
public struct ReadyModel: Codable, Sendable, Hashable {
    public var url: String?
    public var name: String?
    public var sha256: String
    /// The file name ComfyUI loads, relative to its folder (`sha256-<hex>.safetensors`).
    public var file: String
    public var folder: String
    public var bytes: Int64

    public init(url: String? = nil, name: String? = nil, sha256: String, file: String, folder: String, bytes: Int64) {
        self.url = url
        self.name = name
        self.sha256 = sha256
        self.file = file
        self.folder = folder
        self.bytes = bytes
    }
}

/// What kind of file an output is; decides where it appears in `outputs`.
public struct OutputKind: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let image = OutputKind(rawValue: "image")
    public static let video = OutputKind(rawValue: "video")
    public static let audio = OutputKind(rawValue: "audio")
    public static let file = OutputKind(rawValue: "file")
}

/// An output file the executor wrote to the staging store, waiting for the uploader.
public struct StagedOutput: Codable, Sendable, Hashable {
    public var nodeID: String
    public var kind: OutputKind
    /// The path inside the staging store.
    public var staged: String
    public var filename: String
    public var bytes: Int64
    public var sha256: String
    public var contentType: String

    public init(nodeID: String, kind: OutputKind, staged: String, filename: String, bytes: Int64, sha256: String,
                contentType: String) {
        self.nodeID = nodeID
        self.kind = kind
        self.staged = staged
        self.filename = filename
        self.bytes = bytes
        self.sha256 = sha256
        self.contentType = contentType
    }

    enum CodingKeys: String, CodingKey {
        case kind, staged, filename, bytes, sha256
        case nodeID = "node_id"
        case contentType = "content_type"
    }
}

/// The published outputs of a completed job, as cmfy.cloud shows them: URLs by kind.
public struct JobOutputs: Codable, Sendable, Hashable {
    public var images: [String]
    public var videos: [String]
    public var audio: [String]
    public var files: [String]

    public init(images: [String] = [], videos: [String] = [], audio: [String] = [], files: [String] = []) {
        self.images = images
        self.videos = videos
        self.audio = audio
        self.files = files
    }
}
