package io.xsfu.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The files the signaling section names, in the test's own temporary directory; TLS files made by openssl. */
class SignalingFilesCheckTest {
    private static final SignalingFilesCheck CHECK = new SignalingFilesCheck();
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final XsfuConfig MEDIA_ONLY = XsfuConfig.of(MediaConfig.of("lo", 40000, 40010, "127.0.0.1"));

    @TempDir
    Path dir;

    private static XsfuConfig with(SignalingSettings signaling) {
        return MEDIA_ONLY.withSignaling(signaling);
    }

    private XsfuConfig keyFile(String content) throws IOException {
        Path file = dir.resolve("token.key");
        Files.writeString(file, content);
        return with(SignalingSettings.of(TokenKeySource.file(file)));
    }

    private static List<ConfigError> keyFileError(String message) {
        return List.of(new ConfigError("$.signaling.tokenKeyFile", message));
    }

    @Test
    void noSignalingNoFiles() {
        assertEquals(List.of(), CHECK.check(MEDIA_ONLY));
    }

    @Test
    void anInlineKeyNeedsNoFile() {
        XsfuConfig config = with(SignalingSettings.of(TokenKeySource.inline(KEY)));
        assertEquals(List.of(), CHECK.check(config));
        assertEquals(KEY, SignalingFilesCheck.tokenKey(config.signaling().orElseThrow(), "x"));
    }

    @Test
    void theKeyIsTheFilesLineWithoutItsLineEnding() throws IOException {
        for (String content : List.of(KEY, KEY + "\n", KEY + "\r\n")) {
            XsfuConfig config = keyFile(content);
            assertEquals(List.of(), CHECK.check(config));
            assertEquals(KEY, SignalingFilesCheck.tokenKey(config.signaling().orElseThrow(), "x"), content);
        }
        String spaced = " " + KEY + " ";
        assertEquals(spaced, SignalingFilesCheck.tokenKey(keyFile(spaced + "\n").signaling().orElseThrow(), "x"), "spaces are part of the key");
    }

    @Test
    void aMissingKeyFileIsReportedAtItsField() {
        Path file = dir.resolve("none.key");
        XsfuConfig config = with(SignalingSettings.of(TokenKeySource.file(file)));
        assertEquals(keyFileError(file + " does not exist (the token key file is read from it at start)"), CHECK.check(config));
        ConfigException e = assertThrows(ConfigException.class, () -> SignalingFilesCheck.tokenKey(config.signaling().orElseThrow(), "xsfu.json"));
        assertEquals("xsfu.json", e.source());
        assertEquals(CHECK.check(config), e.errors());
    }

    @Test
    void aDirectoryIsNoKeyFile() {
        assertEquals(keyFileError(dir + " is not a regular file"), CHECK.check(with(SignalingSettings.of(TokenKeySource.file(dir)))));
    }

    @Test
    void aShortKeyInAFileIsRejected() throws IOException {
        assertEquals(keyFileError("the key in " + dir.resolve("token.key") + " must be at least 32 bytes, got 31: an HS256 key shorter than its"
                + " hash is easier to guess (RFC 7518 3.2); make one with 'openssl rand -base64 32'"), CHECK.check(keyFile(KEY.substring(1) + "\n")));
        assertEquals(keyFileError("the key in " + dir.resolve("token.key") + " must be at least 32 bytes, got 0: an HS256 key shorter than its"
                + " hash is easier to guess (RFC 7518 3.2); make one with 'openssl rand -base64 32'"), CHECK.check(keyFile("")));
        assertEquals(List.of(), CHECK.check(keyFile("é".repeat(16))), "32 bytes in UTF-8");
    }

    @Test
    void aKeyFileHoldsOneLine() throws IOException {
        assertEquals(keyFileError(dir.resolve("token.key") + " holds more than one line: a token key file holds the key on one line"),
                CHECK.check(keyFile(KEY + "\n" + KEY + "\n")));
        assertEquals(keyFileError(dir.resolve("token.key") + " holds more than one line: a token key file holds the key on one line"),
                CHECK.check(keyFile(KEY + "\n\n")));
    }

    @Test
    void aKeyFileIsUtf8Text() throws IOException {
        Path file = dir.resolve("binary.key");
        byte[] bytes = new byte[48];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        Files.write(file, bytes);
        assertEquals(keyFileError(file + " is not UTF-8 text, which the token key file must be"),
                CHECK.check(with(SignalingSettings.of(TokenKeySource.file(file)))));
    }

    @Test
    void aHugeKeyFileIsNotRead() throws IOException {
        long size = SignalingFilesCheck.MAX_KEY_FILE_BYTES + 1;
        assertEquals(keyFileError(dir.resolve("token.key") + " is " + size + " bytes, too big for the token key file (at most "
                + SignalingFilesCheck.MAX_KEY_FILE_BYTES + ")"), CHECK.check(keyFile("k".repeat((int) size))));
    }

    @Test
    void anInlineKeyBuiltInCodeIsCheckedWhenRead() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SignalingFilesCheck.tokenKey(SignalingSettings.of(TokenKeySource.inline("short")), "built"));
        assertEquals(List.of("$.signaling.tokenKey"), e.errors().stream().map(ConfigError::path).toList());
    }

    @Test
    void tlsFromOpensslIsAccepted() throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=xsfu-test", "-keyout", key.toString(), "-out", certificate.toString());
        XsfuConfig config = with(SignalingSettings.of(TokenKeySource.inline(KEY)).withTls(certificate, key));
        assertEquals(List.of(), CHECK.check(config));
    }

    @Test
    void privateKeysOtherThanUnencryptedPkcs8AreRejectedWithTheConversion() throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=xsfu-test", "-keyout", key.toString(), "-out", certificate.toString());
        Path sec1 = dir.resolve("sec1.pem");
        openssl("ec", "-in", key.toString(), "-out", sec1.toString());
        Path encrypted = dir.resolve("encrypted.pem");
        openssl("pkcs8", "-topk8", "-in", key.toString(), "-out", encrypted.toString(), "-passout", "pass:xsfu-test");
        String convert = ": convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8'";
        assertEquals(List.of(new ConfigError("$.signaling.tls.privateKey",
                        sec1 + " holds a private key in another form than PKCS#8 (-----BEGIN PRIVATE KEY-----)" + convert)),
                CHECK.check(with(SignalingSettings.of(TokenKeySource.inline(KEY)).withTls(certificate, sec1))));
        assertEquals(List.of(new ConfigError("$.signaling.tls.privateKey",
                        encrypted + " holds an encrypted private key; the server takes it unencrypted" + convert)),
                CHECK.check(with(SignalingSettings.of(TokenKeySource.inline(KEY)).withTls(certificate, encrypted))));
        // The conversion the message gives is one that makes the key acceptable.
        Path converted = dir.resolve("sec1.pkcs8");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", converted.toString());
        assertEquals(List.of(), CHECK.check(with(SignalingSettings.of(TokenKeySource.inline(KEY)).withTls(certificate, converted))));
    }

    @Test
    void tlsFilesAreCheckedForTheirPemAndReportedEach() throws IOException {
        Path notPem = dir.resolve("cert.der");
        Files.write(notPem, "not a certificate".getBytes(StandardCharsets.UTF_8));
        Path missing = dir.resolve("missing.pem");
        XsfuConfig config = with(SignalingSettings.of(TokenKeySource.file(dir.resolve("none.key"))).withTls(notPem, missing));
        assertEquals(List.of(
                new ConfigError("$.signaling.tokenKeyFile", dir.resolve("none.key") + " does not exist (the token key file is read from it at start)"),
                new ConfigError("$.signaling.tls.certificate", notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
                new ConfigError("$.signaling.tls.privateKey", missing + " does not exist (the TLS private key is read from it at start)")),
                CHECK.check(config));
        assertEquals(List.of(new ConfigError("$.signaling.tls.privateKey", notPem + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)")),
                CHECK.check(with(SignalingSettings.of(TokenKeySource.inline(KEY)).withTls(notPem, notPem))).subList(1, 2));
    }

    @Test
    void enforceLocatesEveryFileProblem() {
        XsfuConfig config = with(SignalingSettings.of(TokenKeySource.file(dir.resolve("none.key"))));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigCheck.enforce(config, "xsfu.json", CHECK));
        assertEquals(List.of("$.signaling.tokenKeyFile"), e.errors().stream().map(ConfigError::path).toList());
    }

    /** Runs openssl, which the build machine has (the signaling tests need it too); fails loudly if it is missing or fails. */
    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed: " + output);
    }
}
