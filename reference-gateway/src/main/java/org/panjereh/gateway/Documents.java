package org.panjereh.gateway;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.SigningKey;
import org.panjereh.documents.DocumentFacts;
import org.panjereh.documents.DocumentIssuer;
import org.panjereh.documents.DocumentRegistry;
import org.panjereh.documents.DocumentVerification;
import org.panjereh.documents.DocumentVerifier;
import org.panjereh.documents.IssuedDocument;
import org.panjereh.documents.SigningCertificate;
import org.panjereh.documents.VerificationCode;

/**
 * The permits the agency issues on delivery (contract section 11): signed PDFs kept in the data directory, their
 * codes in the registry (the gateway's database), verification for anyone. With the embedded sandbox, the
 * document-signing key is kept in the data directory and certified by the sandbox's test CA at each start, and the
 * sandbox's time-stamp authority makes the signatures B-T; with a real platform, {@code gateway.documents.key-file},
 * {@code gateway.documents.chain-file}, {@code gateway.documents.trust-anchor-file} and optionally
 * {@code gateway.documents.tsa-url} say where they are.
 */
@jakarta.enterprise.context.ApplicationScoped
public class Documents {

    private final DocumentIssuer issuer;
    private final DocumentVerifier verifier;
    private final DocumentRegistry registry;
    private final Path dir;
    private final List<X509Certificate> anchors;

    /**
     * @param platform the platform
     * @param store    the database holding the registry
     */
    @Inject
    public Documents(Platform platform, Store store) {
        this(platform, store, ConfigProvider.getConfig());
    }

    /**
     * @param platform the platform
     * @param store    the database holding the registry
     * @param config   {@code gateway.documents.*}, {@code gateway.agency-name}, {@code gateway.data-dir}
     */
    public Documents(Platform platform, Store store, Config config) {
        dir = DataDir.of(config).resolve("documents");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        registry = DocumentRegistry.jdbc(store.dataSource());
        SigningCertificate signer;
        GatewaySettings settings = GatewaySettings.of(config);
        URI tsa = settings.documentsTsaUrl().orElse(null);
        Optional<Path> keyFile = settings.documentsKeyFile();
        if (keyFile.isPresent()) {
            SigningKey key = SigningKey.load(keyFile.get(), null);
            signer = SigningCertificate.of(key, settings.documentsChainFile());
            try (InputStream in = Files.newInputStream(settings.documentsTrustAnchorFile())) {
                anchors = SigningCertificate.readCertificates(in);
            } catch (IOException e) {
                throw new PanjerehConfigurationException("Cannot read gateway.documents.trust-anchor-file: " + e.getMessage());
            }
        } else {
            var sandbox = platform.embedded().orElseThrow(() -> new PanjerehConfigurationException(
                    "gateway.documents.key-file, .chain-file and .trust-anchor-file are required with a real platform"));
            SigningKey key = SigningKey.fromJwk(DataDir.secret(DataDir.of(config).resolve("documents-key.jwk"), () -> {
                try {
                    return new ECKeyGenerator(Curve.P_256).keyID("documents").generate().toJSONString();
                } catch (com.nimbusds.jose.JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }));
            try {
                signer = new SigningCertificate(key, sandbox.issueCertificate(((ECKey) key.publicJwk()).toECPublicKey(),
                        "Agency " + platform.agencyId() + " documents"));
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException("The documents key has no public half", e);
            }
            anchors = List.of(sandbox.caRoot());
            if (tsa == null) {
                tsa = URI.create(sandbox.issuer() + "/tsa");
            }
        }
        String agencyName = settings.agencyName();
        issuer = DocumentIssuer.builder(agencyName, signer, URI.create(platform.base() + "/verify/")).timeStampAuthority(tsa).build();
        verifier = DocumentVerifier.builder(anchors).registry(registry).build();
    }

    /**
     * Issues, stores and registers the permit of a request being delivered.
     *
     * @param card the service card
     * @param r    the request
     * @return the signed document
     */
    IssuedDocument issue(ServiceCard card, CitizenRequest r) {
        List<DocumentFacts.Line> lines = new ArrayList<>();
        if (r.recipient() instanceof org.panjereh.core.LegalEntityId company) {
            // A company's permit names it by its national id (public at the company registry), beside its name.
            lines.add(new DocumentFacts.Line("شناسه ملی", org.panjereh.core.PersianText.toPersianDigits(company.value())));
        }
        if (r.address() != null && !r.address().isBlank()) {
            lines.add(new DocumentFacts.Line("نشانی", r.address().length() > 200 ? r.address().substring(0, 200) : r.address()));
        }
        IssuedDocument d = issuer.issue(new DocumentFacts(card.serviceId(), r.trackingId(), card.title(), r.applicantName(),
                Instant.now(), lines));
        try {
            Files.write(dir.resolve(d.code().value() + ".pdf"), d.pdf());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the issued document", e);
        }
        registry.register(d);
        return d;
    }

    /** @return the registry */
    public DocumentRegistry registry() {
        return registry;
    }

    /** @return the certificates a document of this agency chains to (published for anyone who verifies) */
    public List<X509Certificate> trustAnchors() {
        return anchors;
    }

    /**
     * @param pdf a document someone holds
     * @return what verification found
     */
    public DocumentVerification verify(byte[] pdf) {
        return verifier.verify(pdf);
    }

    /**
     * @param code a code
     * @return the stored PDF of that document, if this agency issued it
     */
    Optional<byte[]> pdf(VerificationCode code) {
        Path p = dir.resolve(code.value() + ".pdf");
        try {
            return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a stored document", e);
        }
    }
}
