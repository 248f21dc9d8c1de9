package dev.certpilot.testca.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.testca.PebbleLauncher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** What {@link PebbleLauncher} adds around real Pebble: ports, options, DNS control, files and shutdown. */
@Timeout(60)
class PebbleLauncherTest {

    @BeforeAll
    static void pebbleInstalled() {
        PebbleEnvironments.requirePebble();
    }

    @Test
    void stopsBothProgramsAndDeletesItsTemporaryDirectoryOnClose() throws Exception {
        PebbleLauncher.Running pebble = PebbleLauncher.builder().start();
        Path directory = pebble.workDirectory();
        int acmePort = pebble.directoryUrl().getPort();
        int dnsManagementPort = pebble.dnsManagementUrl().getPort();
        assertThat(directory.resolve("pebble.log")).isNotEmptyFile();
        assertThat(directory.resolve("challtestsrv.log")).isNotEmptyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("listener-key.pem"))))
                .isEqualTo("rw-------");

        pebble.close();
        pebble.close();

        assertThat(directory).doesNotExist();
        assertThatThrownBy(() -> connect(acmePort)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> connect(dnsManagementPort)).isInstanceOf(ConnectException.class);
    }

    @Test
    void stopsBothProgramsWhenTheJvmExitsWithoutClosing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ForgetfulPebbleMain.class.getName()).redirectErrorStream(true).start();
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("forgetful JVM ended").isTrue();
        List<String> lines = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(jvm.exitValue()).as("exit code; output %s", lines).isZero();

        int acmePort = Integer.parseInt(lines.get(lines.size() - 3));
        int dnsManagementPort = Integer.parseInt(lines.get(lines.size() - 2));
        Path directory = Path.of(lines.get(lines.size() - 1));
        assertThatThrownBy(() -> connect(acmePort)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> connect(dnsManagementPort)).isInstanceOf(ConnectException.class);
        assertThat(directory).doesNotExist();
    }

    @Test
    void keepsAGivenWorkDirectory(@TempDir Path directory) {
        try (PebbleLauncher.Running pebble = PebbleLauncher.builder().workDirectory(directory).start()) {
            assertThat(pebble.workDirectory()).isEqualTo(directory);
        }
        assertThat(directory.resolve("pebble.log")).isNotEmptyFile();
        assertThat(directory.resolve("pebble.json")).content().contains("\"listenAddress\":\"127.0.0.1:");
    }

    @Test
    void twoInstancesGetTheirOwnPorts() {
        try (PebbleLauncher.Running one = PebbleLauncher.builder().start();
             PebbleLauncher.Running two = PebbleLauncher.builder().start()) {
            assertThat(one.directoryUrl()).isNotEqualTo(two.directoryUrl());
            assertThat(one.dnsAddress()).isNotEqualTo(two.dnsAddress());
            one.dns().addTxt("_acme-challenge.shared.test", "only-in-one");
            assertThat(two.dns().txt("_acme-challenge.shared.test")).isEmpty();
            assertThat(one.dns().txt("_acme-challenge.shared.test")).containsExactly("only-in-one");
        }
    }

    @Test
    void servesARecordsAndCnamesSetThroughTheManagementApi() throws Exception {
        try (PebbleLauncher.Running pebble = PebbleLauncher.builder().start()) {
            pebble.dns().addA("host.example.test", "192.0.2.7", "192.0.2.8");
            pebble.dns().setCname("alias.example.test", "host.example.test");
            assertThat(query(pebble, "host.example.test.", Type.A)).containsExactlyInAnyOrder("192.0.2.7", "192.0.2.8");
            assertThat(query(pebble, "alias.example.test.", Type.CNAME)).containsExactly("host.example.test.");

            pebble.dns().clearA("host.example.test");
            pebble.dns().clearCname("alias.example.test");
            // challtestsrv answers A queries without a record of their own with its default address, 127.0.0.1
            assertThat(query(pebble, "host.example.test.", Type.A)).containsExactly("127.0.0.1");
            assertThat(query(pebble, "alias.example.test.", Type.CNAME)).isEmpty();
        }
    }

    @Test
    void offersAlternateChainsWhenAsked() {
        try (PebbleLauncher.Running pebble = PebbleLauncher.builder().alternateRoots(1).start()) {
            assertThat(pebble.issuingRoots()).hasSize(2).doesNotHaveDuplicates();
        }
    }

    @Test
    void passesAuthzReuseToPebble() throws Exception {
        try (PebbleLauncher.Running pebble = PebbleLauncher.builder().authzReusePercent(100).nonceRejectPercent(0).start()) {
            Account account = new AccountBuilder().agreeToTermsOfService()
                    .useKeyPair(AcmeSessions.newAccountKey()).create(AcmeSessions.open(pebble));
            String name = TestNames.freshDomain();
            KeyPair domainKey = DomainKeyType.EC_P256.generate();
            new Dns01Issuance(pebble.dns()).issue(account, List.of(name), domainKey);

            Order second = account.newOrder().domain(name).create();
            Authorization reused = second.getAuthorizations().get(0);
            assertThat(reused.getStatus()).isEqualTo(Status.VALID);
        }
    }

    @Test
    void reportsAProgramThatExitsWhileStarting(@TempDir Path directory) throws IOException {
        Path failing = directory.resolve("failing-pebble");
        Files.writeString(failing, "#!/bin/sh\necho 'config is broken' >&2\nexit 3\n");
        failing.toFile().setExecutable(true);

        assertThatThrownBy(() -> PebbleLauncher.builder().pebbleBinary(failing).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pebble exited with code 3")
                .hasMessageContaining("config is broken");
    }

    @Test
    void refusesMissingBinaries(@TempDir Path directory) {
        Path missing = directory.resolve("no-such-pebble");
        assertThat(PebbleLauncher.isAvailable(missing, PebbleLauncher.DEFAULT_CHALLTESTSRV)).isFalse();
        assertThatThrownBy(() -> PebbleLauncher.builder().pebbleBinary(missing).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install -y pebble");
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port)) {
            socket.getPort();
        }
    }

    private static List<String> query(PebbleLauncher.Running pebble, String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(pebble.dnsAddress());
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
        return response.getSection(Section.ANSWER).stream()
                .filter(record -> record.getType() == type)
                .map(record -> record instanceof ARecord a ? a.getAddress().getHostAddress()
                        : ((CNAMERecord) record).getTarget().toString())
                .toList();
    }
}
