import KomfyEvents

/// Checks every submitted workflow against the node catalog and appends `JobValidated` or
/// `JobRejected`. An empty shell until the validator issue lands.
public enum ValidatorService {
    public static let stage = JobStage.validator
}
