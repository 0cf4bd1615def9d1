package org.panjereh.core.internal.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.SigningKey;

/**
 * {@code java -jar panjereh-keytool.jar jwks KEYFILE [--password-file F] [--encryption-key ENCFILE]...} prints the
 * public JWKS to register with the platform (the signing key and each encryption key); {@code generate ec|rsa OUT.pem} makes a new agency key (PKCS#8, mode 600).
 */
public final class KeyTool {

    private KeyTool() {
    }

    /**
     * Entry point.
     *
     * @param args command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a command; testable without exiting the JVM.
     *
     * @param args command line
     * @param out  standard output
     * @param err  standard error
     * @return exit status: 0 success, 1 failure, 2 usage
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            usage(err);
            return 2;
        }
        try {
            switch (args[0]) {
                case "jwks" -> {
                    char[] password = null;
                    java.util.List<Path> encryption = new java.util.ArrayList<>();
                    for (int i = 2; i < args.length; i += 2) {
                        if (i + 1 >= args.length) {
                            usage(err);
                            return 2;
                        }
                        switch (args[i]) {
                            case "--password-file" -> password = Files.readString(Path.of(args[i + 1]), StandardCharsets.UTF_8)
                                    .strip().toCharArray();
                            case "--encryption-key" -> encryption.add(Path.of(args[i + 1]));
                            default -> {
                                usage(err);
                                return 2;
                            }
                        }
                    }
                    // The signing key, then every encryption key (use: enc), newest first: one JWKS to register.
                    java.util.List<JWK> keys = new java.util.ArrayList<>();
                    keys.add(SigningKey.load(Path.of(args[1]), password).publicJwk());
                    for (Path f : encryption) {
                        keys.add(org.panjereh.core.EncryptionKey.load(f, null).publicJwk());
                    }
                    out.println(new com.nimbusds.jose.jwk.JWKSet(keys).toString(true));
                    return 0;
                }
                case "generate" -> {
                    if (args.length != 3) {
                        usage(err);
                        return 2;
                    }
                    JWK jwk = switch (args[1]) {
                        case "ec" -> new ECKeyGenerator(Curve.P_256).generate();
                        case "rsa" -> new RSAKeyGenerator(3072).generate();
                        default -> null;
                    };
                    if (jwk == null) {
                        usage(err);
                        return 2;
                    }
                    writePkcs8(jwk, Path.of(args[2]));
                    out.println("Wrote " + args[2] + " (" + SigningKey.of(jwk) + "). Register this public JWKS:");
                    out.println(SigningKey.of(jwk).publicJwksJson());
                    return 0;
                }
                default -> {
                    usage(err);
                    return 2;
                }
            }
        } catch (FileAlreadyExistsException e) {
            err.println("Refusing to overwrite " + e.getFile());
            return 1;
        } catch (IOException | JOSEException | PanjerehException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private static void writePkcs8(JWK jwk, Path out) throws IOException, JOSEException {
        PrivateKey pk = jwk instanceof ECKey ec ? ec.toPrivateKey() : ((RSAKey) jwk).toPrivateKey();
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new JcaPKCS8Generator(pk, null));
        }
        try {
            Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(out);
        }
        Files.writeString(out, sw.toString(), StandardCharsets.US_ASCII);
    }

    private static void usage(PrintStream err) {
        err.println("Usage:");
        err.println("  panjereh-keytool jwks KEYFILE [--password-file FILE] [--encryption-key ENCFILE]...");
        err.println("                                 print the public JWKS to register: the signing key of a PEM, PKCS#12");
        err.println("                                 or JWK file, and each encryption key (use: enc), newest first");
        err.println("  panjereh-keytool generate ec|rsa OUT.pem               create a new agency key (PKCS#8), for signing");
        err.println("                                 or, named by --encryption-key, for encryption");
    }
}
