package io.xsfu.webrtc.dtls;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** What arrives from the network or an SDP never makes these throw anything but a refusal. */
class DtlsProperties {
    private static final DtlsEndpoint SERVER = new DtlsEndpoint("property", DtlsRole.SERVER,
            DtlsConfig.defaults(EndpointPair.SERVER_CERT), List.of(EndpointPair.CLIENT_CERT.fingerprint()), d -> { },
            new Recorder());

    @Property
    void recordCheckNeverThrows(@ForAll @Size(max = 3000) byte[] datagram) {
        DtlsRecords.plausible(datagram);
    }

    /** The endpoint is never started here, so it only queues (up to its bound) and refuses. */
    @Property
    void receiveNeverThrows(@ForAll @Size(max = 3000) byte[] datagram) {
        SERVER.receive(datagram);
    }

    @Property
    void fingerprintParsingOnlyRefuses(@ForAll String attribute) {
        try {
            DtlsFingerprint f = DtlsFingerprint.parse(attribute);
            f.matches(new byte[] {1, 2, 3});
        } catch (IllegalArgumentException refused) {
            // the only way to say no
        }
    }
}
