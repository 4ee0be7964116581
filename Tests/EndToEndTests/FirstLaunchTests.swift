import Foundation
import XCTest

/// First launch in a real terminal: the policy before anything else (A1, A2, A6).
final class FirstLaunchTests: XCTestCase {
    func testDecliningThePolicyLeavesNothingOnDiskAndOffersBrowseOnlyMode() throws {
        let home = try E2E.tempDir()
        let tmux = try Tmux("\(try E2E.binary) --lang en", environment: ["XDG_DATA_HOME": home.path])
        try tmux.waitFor("At a glance (step 1 of 2)")
        try tmux.keys("Tab", "Tab")          // Read the full policy -> Decline
        try tmux.keys("Enter")
        try tmux.waitFor("Browse only")
        try tmux.waitFor("Nothing personal was stored")
        try tmux.keys("q")
        try tmux.waitFor("[exit 0]")
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: home.path)) ?? []
        XCTAssertEqual(contents, [], "declining must not create any file, found \(contents)")
    }

    func testEnterOnTheInitialFocusNeverAccepts() throws {
        let home = try E2E.tempDir()
        let tmux = try Tmux("\(try E2E.binary) --lang en", environment: ["XDG_DATA_HOME": home.path])
        try tmux.waitFor("At a glance")
        try tmux.keys("Enter")               // nothing focused: goes on to the full text
        try tmux.waitFor("Full privacy policy (step 2 of 2)")
        try tmux.keys("Enter")               // still nothing focused: only a hint
        try tmux.waitFor("Press Tab to choose Accept or Decline")
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("ecpay").path))
    }

    func testChinesePolicyIsShownAndAcceptedInChinese() throws {
        let home = try E2E.tempDir()
        let tmux = try Tmux("\(try E2E.binary)", environment: ["XDG_DATA_HOME": home.path, "LANG": "zh_CN.UTF-8"])
        try tmux.waitFor("概要（第 1 步，共 2 步）")
        try tmux.keys("Enter")
        try tmux.waitFor("完整隐私政策")
        try tmux.keys("Tab", "Enter")
        try tmux.waitFor("已同意第 1 版隐私政策")
        try tmux.waitFor("本机还没有账户")
        let status = try E2E.cli(["policy", "status", "--json"], environment: ["XDG_DATA_HOME": home.path])
        XCTAssertTrue(status.out.contains("\"language\" : \"zh-CN\""), status.out)
        XCTAssertTrue(status.out.contains("\"state\" : \"accepted\""), status.out)
    }

    func testANewPolicyVersionShowsWhatChangedAndAsksAgain() throws {
        let home = try E2E.tempDir()
        let env = ["XDG_DATA_HOME": home.path]
        XCTAssertEqual(try E2E.cli(["policy", "accept", "--lang", "en"], environment: env).status, 0)
        let v2 = E2E.fixtures.appendingPathComponent("policy-v2").path
        let tmux = try Tmux("\(try E2E.binary) --lang en", environment: env.merging(["ECPAY_POLICY_DIR": v2]) { $1 })
        try tmux.waitFor("Privacy policy updated (version 2)")
        try tmux.waitFor("What changed (step 1 of 2)")
        try tmux.keys("Enter")
        try tmux.keys("Tab", "Enter")
        try tmux.waitFor("Privacy policy version 2 accepted")
        let status = try E2E.cli(["policy", "status", "--json", "--policy-dir", v2], environment: env)
        XCTAssertTrue(status.out.contains("\"acceptedVersion\" : 2"), status.out)
        XCTAssertTrue(status.out.contains("\"policyVersion\" : 1"), "the version 1 consent is kept: \(status.out)")
    }
}
