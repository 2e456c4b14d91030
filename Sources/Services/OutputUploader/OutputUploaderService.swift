import KomfyEvents

/// Publishes an executed job's staged outputs to the output store (local or S3) and appends
/// `JobCompleted`. An empty shell for now.
public enum OutputUploaderService {
    public static let stage = JobStage.outputUploader
}
