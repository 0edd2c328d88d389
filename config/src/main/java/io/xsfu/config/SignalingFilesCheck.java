package io.xsfu.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the files the signaling section names, which only the host can tell: the token key file holds a usable key,
 * the TLS certificate and private key are readable PEM of the kinds the endpoint loads. Run it at start-up (and
 * read the key with {@link #tokenKey}); errors carry the paths of the fields that name the files.
 */
public final class SignalingFilesCheck implements ConfigCheck {
    /** A key file is one line; anything much longer is the wrong file, and is not read whole. */
    static final long MAX_KEY_FILE_BYTES = 64 * 1024;
    /** Room for a long certificate chain. */
    static final long MAX_PEM_FILE_BYTES = 1024 * 1024;

    /** The labels the endpoint's PEM reader (Netty's) accepts: a certificate, and a private key in PKCS#8 form. */
    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN [A-Z0-9 ]*CERTIFICATE-----");
    private static final String PKCS8_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String ENCRYPTED_KEY = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final Pattern OTHER_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");

    @Override
    public List<ConfigError> check(XsfuConfig config) {
        if (config.signaling().isEmpty()) {
            return List.of();
        }
        SignalingSettings signaling = config.signaling().get();
        List<ConfigError> errors = new ArrayList<>();
        if (signaling.tokenKey() instanceof TokenKeySource.File(var file)) {
            readKeyFile(file, errors);
        }
        signaling.tls().ifPresent(tls -> {
            certificate(tls.certificate(), errors);
            privateKey(tls.privateKey(), errors);
        });
        return errors;
    }

    /**
     * The key tokens are signed and checked with: the inline key, or the key file's text without its final line
     * ending (which editors and {@code echo} add).
     *
     * @param source where the config came from, for the exception's message
     * @throws ConfigException at {@code $.signaling.tokenKeyFile} or {@code $.signaling.tokenKey} if there is no
     *                         usable key
     */
    public static String tokenKey(SignalingSettings signaling, String source) {
        List<ConfigError> errors = new ArrayList<>();
        String key = switch (signaling.tokenKey()) {
            case TokenKeySource.File(var file) -> readKeyFile(file, errors);
            case TokenKeySource.Inline(var inline) -> {
                int bytes = inline.getBytes(StandardCharsets.UTF_8).length;
                if (bytes < TokenKeySource.MIN_KEY_BYTES) {
                    errors.add(new ConfigError(ConfigPaths.SIGNALING_TOKEN_KEY, ConfigValidator.shortKey(bytes)));
                }
                yield inline;
            }
        };
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return key;
    }

    /** The key, or null with an error added. */
    private static String readKeyFile(Path file, List<ConfigError> errors) {
        String where = ConfigPaths.SIGNALING_TOKEN_KEY_FILE;
        String text = readText(file, MAX_KEY_FILE_BYTES, where, "the token key file", errors);
        if (text == null) {
            return null;
        }
        String key = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            errors.add(new ConfigError(where, file + " holds more than one line: a token key file holds the key on one line"));
            return null;
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < TokenKeySource.MIN_KEY_BYTES) {
            errors.add(new ConfigError(where, "the key in " + file + " " + ConfigValidator.shortKey(bytes)));
            return null;
        }
        return key;
    }

    private static void certificate(Path file, List<ConfigError> errors) {
        String where = ConfigPaths.SIGNALING_TLS_CERTIFICATE;
        String text = readText(file, MAX_PEM_FILE_BYTES, where, "the TLS certificate", errors);
        if (text != null && !CERTIFICATE.matcher(text).find()) {
            errors.add(new ConfigError(where, file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
    }

    private static void privateKey(Path file, List<ConfigError> errors) {
        String where = ConfigPaths.SIGNALING_TLS_PRIVATE_KEY;
        String text = readText(file, MAX_PEM_FILE_BYTES, where, "the TLS private key", errors);
        if (text == null || text.contains(PKCS8_KEY)) {
            return;
        }
        String convert = ": convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8'";
        if (text.contains(ENCRYPTED_KEY)) {
            errors.add(new ConfigError(where, file + " holds an encrypted private key; the server takes it unencrypted" + convert));
        } else if (OTHER_KEY.matcher(text).find()) {
            errors.add(new ConfigError(where, file + " holds a private key in another form than PKCS#8 (-----BEGIN PRIVATE KEY-----)" + convert));
        } else {
            errors.add(new ConfigError(where, file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)"));
        }
    }

    /** A regular file's UTF-8 text, or null with an error added. */
    private static String readText(Path file, long maxBytes, String where, String what, List<ConfigError> errors) {
        if (!Files.exists(file)) {
            errors.add(new ConfigError(where, file + " does not exist (" + what + " is read from it at start)"));
            return null;
        }
        if (!Files.isRegularFile(file)) {
            errors.add(new ConfigError(where, file + " is not a regular file"));
            return null;
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                errors.add(new ConfigError(where, file + " is " + size + " bytes, too big for " + what + " (at most " + maxBytes + ")"));
                return null;
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            errors.add(new ConfigError(where, file + " is not UTF-8 text, which " + what + " must be"));
        } catch (NoSuchFileException e) {
            errors.add(new ConfigError(where, file + " does not exist (" + what + " is read from it at start)"));
        } catch (AccessDeniedException e) {
            errors.add(new ConfigError(where, "permission denied reading " + file));
        } catch (IOException e) {
            errors.add(new ConfigError(where, "cannot read " + file + ": " + e));
        }
        return null;
    }
}
