package org.panjereh.documents;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks a document anyone holds (contract section 11): exactly one PAdES signature ({@code ETSI.CAdES.detached}),
 * covering the whole file (nothing appended after signing), whose CMS verifies over the signed bytes with the
 * certificate named by its signing-certificate-v2 attribute, chaining to one of the configured trust anchors at the
 * signing time; with a {@link DocumentRegistry}, also issued under its code with this very digest and not revoked.
 * A single byte changed anywhere makes it fail, with the reason.
 *
 * <pre>{@code
 * DocumentVerifier verifier = DocumentVerifier.builder(rootCertificate).build();
 * DocumentVerification v = verifier.verify(pdfBytes);
 * if (v.valid()) { ... v.code(), v.signer() ... } else { log(v.reason()); }
 * }</pre>
 */
public final class DocumentVerifier {

    private final Set<TrustAnchor> anchors;
    private final DocumentRegistry registry;

    private DocumentVerifier(Builder b) {
        this.anchors = Set.copyOf(b.anchors);
        this.registry = b.registry;
    }

    /**
     * @param trustAnchor a certificate whose signatures are trusted (the platform CA's root, say); more with
     *                    {@link Builder#trustAnchor}
     * @return a builder
     */
    public static Builder builder(X509Certificate trustAnchor) {
        return new Builder().trustAnchor(trustAnchor);
    }

    /**
     * @param trustAnchors the certificates whose signatures are trusted (at least one)
     * @return a builder
     */
    public static Builder builder(java.util.Collection<X509Certificate> trustAnchors) {
        if (trustAnchors == null || trustAnchors.isEmpty()) {
            throw new org.panjereh.core.PanjerehConfigurationException("DocumentVerifier needs at least one trust anchor");
        }
        Builder b = new Builder();
        trustAnchors.forEach(b::trustAnchor);
        return b;
    }

    /**
     * @return a builder without a trust anchor
     * @deprecated give the trust anchors to {@link #builder(X509Certificate)} or {@link #builder(java.util.Collection)}
     */
    @Deprecated(since = "0.2.0")
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param pdf the file's bytes
     * @return what was found; {@link DocumentVerification#valid()} only when every check passed
     */
    public DocumentVerification verify(byte[] pdf) {
        Objects.requireNonNull(pdf, "pdf");
        String sha = IssuedDocument.sha256(pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<PDSignature> signatures = doc.getSignatureDictionaries();
            if (signatures.isEmpty()) {
                return DocumentVerification.invalid(DocumentVerification.Reason.NOT_SIGNED, "The PDF carries no signature", sha);
            }
            if (signatures.size() > 1) {
                return DocumentVerification.invalid(DocumentVerification.Reason.MODIFIED_AFTER_SIGNING,
                        "The PDF carries " + signatures.size() + " signatures; an issued document has one", sha);
            }
            PDSignature s = signatures.get(0);
            if (!DocumentIssuer.ETSI_CADES_DETACHED.getName().equals(s.getSubFilter())) {
                return DocumentVerification.invalid(DocumentVerification.Reason.NOT_PADES, "SubFilter is " + s.getSubFilter()
                        + ", not ETSI.CAdES.detached", sha);
            }
            int[] range = s.getByteRange();
            if (range == null || range.length != 4 || range[0] != 0 || (long) range[2] + range[3] != pdf.length
                    || range[1] < 0 || range[2] <= range[1]) {
                return DocumentVerification.invalid(DocumentVerification.Reason.MODIFIED_AFTER_SIGNING,
                        "The signature does not cover the whole file: bytes were added or changed after signing", sha);
            }
            byte[] signed = s.getSignedContent(pdf);
            byte[] cmsBytes = s.getContents();
            // /Contents is padded with zeros after the CMS: read exactly one ASN.1 object.
            org.bouncycastle.asn1.cms.ContentInfo info;
            try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(cmsBytes)) {
                info = org.bouncycastle.asn1.cms.ContentInfo.getInstance(in.readObject());
            }
            int used = info.getEncoded("DER").length;
            for (int i = used; i < cmsBytes.length; i++) {
                if (cmsBytes[i] != 0) {
                    return DocumentVerification.invalid(DocumentVerification.Reason.MODIFIED_AFTER_SIGNING,
                            "The signature's reserved space was changed after signing", sha);
                }
            }
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed), info);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return DocumentVerification.invalid(DocumentVerification.Reason.BAD_SIGNATURE, "The CMS has "
                        + signers.size() + " signers", sha);
            }
            SignerInformation si = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(si.getSID());
            if (matches.isEmpty()) {
                return DocumentVerification.invalid(DocumentVerification.Reason.BAD_SIGNATURE,
                        "The signer's certificate is not in the signature", sha);
            }
            X509CertificateHolder holder = matches.iterator().next();
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder))) {
                return DocumentVerification.invalid(DocumentVerification.Reason.BAD_SIGNATURE,
                        "The signature does not match the signed bytes", sha);
            }
            if (!essCertMatches(si, holder)) {
                return DocumentVerification.invalid(DocumentVerification.Reason.BAD_SIGNATURE,
                        "The signing-certificate-v2 attribute does not name the signer's certificate (PAdES B-B)", sha);
            }
            X509Certificate signer = new JcaX509CertificateConverter().getCertificate(holder);
            Instant stamped;
            try {
                stamped = org.panjereh.documents.internal.TimeStamps.verify(si);
            } catch (IOException e) {
                return DocumentVerification.invalid(DocumentVerification.Reason.BAD_SIGNATURE, e.getMessage(), sha);
            }
            // A time stamp from the authority, when there is one, is the signing time; else the signer's own claim (M).
            Instant signedAt = stamped != null ? stamped : s.getSignDate() == null ? Instant.now() : s.getSignDate().toInstant();
            List<X509Certificate> all = new ArrayList<>();
            for (Object o : cms.getCertificates().getMatches(null)) {
                all.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) o));
            }
            String chainProblem = chain(signer, all, signedAt);
            if (chainProblem != null) {
                return DocumentVerification.invalid(DocumentVerification.Reason.UNTRUSTED_SIGNER, chainProblem, sha);
            }
            Optional<VerificationCode> code = Optional.ofNullable(doc.getDocumentInformation()
                    .getCustomMetadataValue("PanjerehVerificationCode")).flatMap(DocumentVerifier::code);
            if (registry != null) {
                Optional<DocumentRegistry.Entry> entry = code.flatMap(registry::find);
                if (entry.isEmpty() || !entry.get().sha256().equals(sha)) {
                    return DocumentVerification.invalid(DocumentVerification.Reason.NOT_ISSUED, "The registry has no document "
                            + "with this code and digest", sha);
                }
                if (entry.get().status() == DocumentRegistry.Status.REVOKED) {
                    return new DocumentVerification(false, DocumentVerification.Reason.REVOKED, "Revoked at "
                            + entry.get().revokedAt() + ": " + entry.get().revocationReason(),
                            signer.getSubjectX500Principal().getName(), signedAt, code, sha);
                }
            }
            return new DocumentVerification(true, null, "", signer.getSubjectX500Principal().getName(), signedAt, code, sha);
        } catch (IOException e) {
            return DocumentVerification.invalid(DocumentVerification.Reason.NOT_A_PDF, "Not a readable PDF: " + e.getMessage(), sha);
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return DocumentVerification.invalid(DocumentVerification.Reason.BAD_SIGNATURE, "The signature cannot be read or "
                    + "checked: " + e.getMessage(), sha);
        }
    }

    private static Optional<VerificationCode> code(String v) {
        try {
            return Optional.of(new VerificationCode(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean essCertMatches(SignerInformation si, X509CertificateHolder cert) throws IOException {
        var attr = si.getSignedAttributes() == null ? null
                : si.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attr == null) {
            return false;
        }
        SigningCertificateV2 v2 = SigningCertificateV2.getInstance(attr.getAttrValues().getObjectAt(0));
        ESSCertIDv2[] ids = v2.getCerts();
        if (ids.length == 0) {
            return false;
        }
        try {
            String alg = ids[0].getHashAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)
                    ? "SHA-256" : ids[0].getHashAlgorithm().getAlgorithm().getId();
            return MessageDigest.isEqual(MessageDigest.getInstance(alg).digest(cert.getEncoded()), ids[0].getCertHash());
        } catch (java.security.NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** @return why the signer does not chain to an anchor at the signing time, or {@code null} when it does */
    private String chain(X509Certificate signer, List<X509Certificate> carried, Instant at) {
        if (anchors.isEmpty()) {
            return "No trust anchor is configured";
        }
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(signer);
            X509Certificate current = signer;
            for (int i = 0; i < 8; i++) {
                X509Certificate cur = current;
                if (anchors.stream().anyMatch(a -> a.getTrustedCert().getSubjectX500Principal().equals(cur.getIssuerX500Principal()))) {
                    break;
                }
                Optional<X509Certificate> issuer = carried.stream().filter(c -> c.getSubjectX500Principal()
                        .equals(cur.getIssuerX500Principal()) && !c.equals(cur)).findFirst();
                if (issuer.isEmpty()) {
                    break;
                }
                path.add(issuer.get());
                current = issuer.get();
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                    params);
            return null;
        } catch (CertPathValidatorException e) {
            return "The signer's certificate does not chain to a trusted root: " + e.getMessage();
        } catch (java.security.GeneralSecurityException e) {
            return "The signer's chain cannot be checked: " + e.getMessage();
        }
    }

    /** Builder of {@link DocumentVerifier}. */
    public static final class Builder {
        private final Set<TrustAnchor> anchors = new HashSet<>();
        private DocumentRegistry registry;

        private Builder() {
        }

        /** @param r the issuing agency's registry: a document must be in it, with its digest, and not revoked */
        public Builder registry(DocumentRegistry r) {
            this.registry = r;
            return this;
        }

        /** @param root a certificate whose signatures are trusted (the platform CA's root, say) */
        public Builder trustAnchor(X509Certificate root) {
            anchors.add(new TrustAnchor(Objects.requireNonNull(root), null));
            return this;
        }

        /** @return the verifier */
        public DocumentVerifier build() {
            return new DocumentVerifier(this);
        }
    }
}
