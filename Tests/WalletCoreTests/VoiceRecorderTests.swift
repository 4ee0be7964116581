import Foundation
import XCTest
@testable import WalletCore

/// Rule B5, microphone: a voice note through arecord when it is present, a clear answer when it
/// is missing or fails (this machine has no sound card), only with the permission, logged.
final class VoiceRecorderTests: XCTestCase {
    private var device: DeviceFixture!

    override func setUpWithError() throws { device = try DeviceFixture() }
    override func tearDown() { device.cleanUp() }

    private func recorder(_ command: DeviceCommand) -> VoiceRecorder { VoiceRecorder(folder: device.folder, command: command) }

    /// A fake arecord that writes a WAV file to its last argument and records its arguments.
    private func workingArecord() throws {
        let wav = device.scratch.appendingPathComponent("sample.wav")
        try sampleWAV().write(to: wav)
        try device.fakeProgram("arecord", """
            printf '%s ' "$@" > "$(dirname "$0")/args"
            for last in "$@"; do :; done
            cp "\(wav.path)" "$last"
            """)
    }

    func test_withoutThePermission_recordingIsRefused_andArecordNeverRuns() throws {
        try device.fakeProgram("arecord", "touch \"$(dirname \"$0\")/ran\"")
        XCTAssertEqual(thrownError { try self.recorder(self.device.fakeCommand).record(self.device.book) } as? PermissionError,
                       .notGranted(.microphone, .notAsked))
        XCTAssertFalse(FileManager.default.fileExists(atPath: device.bin.appendingPathComponent("ran").path))
        XCTAssertEqual(try device.uses(), [])
    }

    func test_noArecord_isATypedOutcome_andNothingIsLoggedOrKept() throws {
        try device.grant(.microphone)
        let outcome = try recorder(device.emptyCommand).record(device.book)
        XCTAssertEqual(outcome, .recorderMissing(program: "arecord"))
        XCTAssertTrue(outcome.message(.en).contains("No system recorder (arecord) is installed"), outcome.message(.en))
        XCTAssertTrue(outcome.message(.zh).contains("arecord"))
        XCTAssertEqual(try device.uses(), [])
        XCTAssertEqual(recorder(device.emptyCommand).notes(accountID: device.session.accountID), [])
    }

    func test_arecordFailing_likeWithoutASoundCard_isReported_andLeavesNoFile() throws {
        try device.grant(.microphone)
        try device.fakeProgram("arecord", """
            for last in "$@"; do :; done
            printf 'RIFF' > "$last"
            echo 'arecord: main:831: audio open error: No such file or directory' >&2
            exit 1
            """)
        let outcome = try recorder(device.fakeCommand).record(device.book)
        guard case .recorderFailed(let result) = outcome else { return XCTFail("expected a failure, got \(outcome)") }
        XCTAssertEqual(result.exitStatus, 1)
        XCTAssertTrue(result.message.contains("audio open error"), result.message)
        XCTAssertTrue(outcome.message(.en).contains("nothing was kept"))
        XCTAssertEqual(recorder(device.fakeCommand).notes(accountID: device.session.accountID), [], "the partial file is removed")
        XCTAssertEqual(try device.uses(.microphone).map(\.feature), ["voice-note"], "the microphone was tried: a use")
    }

    func test_arecordSucceedingWithoutAudio_isAFailure() throws {
        try device.grant(.microphone)
        try device.fakeProgram("arecord", "exit 0")
        let outcome = try recorder(device.fakeCommand).record(device.book)
        guard case .recorderFailed(let result) = outcome else { return XCTFail("expected a failure, got \(outcome)") }
        XCTAssertEqual(result.message, "arecord wrote no file")
    }

    func test_withThePermission_recordsAFiveSecondWAVIntoTheDataFolder_andLogsTheUse() throws {
        try device.grant(.microphone)
        try workingArecord()
        let outcome = try recorder(device.fakeCommand).record(device.book)
        guard case .recorded(let note) = outcome else { return XCTFail("expected a note, got \(outcome)") }
        XCTAssertEqual(note.seconds, 5)
        XCTAssertEqual(note.file.deletingLastPathComponent().standardizedFileURL.path,
                       device.folder.voiceNotes(accountID: device.session.accountID).standardizedFileURL.path)
        XCTAssertTrue(note.file.lastPathComponent.hasSuffix(".wav"))
        let attributes = try FileManager.default.attributesOfItem(atPath: note.file.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: note.file.deletingLastPathComponent().path)
        XCTAssertEqual((folderAttributes[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let args = try String(contentsOf: device.bin.appendingPathComponent("args"), encoding: .utf8)
        XCTAssertTrue(args.contains("-t wav"), args)
        XCTAssertTrue(args.contains("-d 5 "), args)
        XCTAssertEqual(try device.uses(.microphone).map(\.feature), ["voice-note"])
        XCTAssertEqual(recorder(device.fakeCommand).notes(accountID: device.session.accountID).count, 1)
    }

    func test_duration_isClampedToOneMinute() throws {
        try device.grant(.microphone)
        try workingArecord()
        guard case .recorded(let note) = try recorder(device.fakeCommand).record(device.book, seconds: 600) else { return XCTFail() }
        XCTAssertEqual(note.seconds, 60)
    }

    func test_revokingTheMicrophone_deletesTheNotes() throws {
        try device.grant(.microphone)
        try workingArecord()
        _ = try recorder(device.fakeCommand).record(device.book)
        let revoked = try DevicePermissions(book: device.book, folder: device.folder).revoke(.microphone)
        XCTAssertEqual(revoked.erased, [.voiceNotes(count: 1)])
        XCTAssertEqual(recorder(device.fakeCommand).notes(accountID: device.session.accountID), [])
        XCTAssertEqual(thrownError { try self.recorder(self.device.fakeCommand).record(self.device.book) } as? PermissionError,
                       .notGranted(.microphone, .denied))
    }

    func test_deletingOneNote_onlyInsideTheAccountsFolder() throws {
        try device.grant(.microphone)
        try workingArecord()
        guard case .recorded(let note) = try recorder(device.fakeCommand).record(device.book) else { return XCTFail() }
        let outside = VoiceNote(file: device.scratch.appendingPathComponent("sample.wav"), recordedAt: Date(), byteCount: 0, seconds: nil)
        XCTAssertFalse(try recorder(device.fakeCommand).delete(outside, accountID: device.session.accountID))
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside.file.path))
        XCTAssertTrue(try recorder(device.fakeCommand).delete(note, accountID: device.session.accountID))
    }
}
