package io.xsfu.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The responder against two real, independent ICE agents running as the controlling, full side (as a browser
 * does), over loopback: libnice (GStreamer's webrtcbin uses it; driven through its GObject bindings with
 * GStreamer's nicesrc reading the socket) and
 * aioice (aiortc's). Each agent must reach a nominated pair with our answers (both verify our
 * MESSAGE-INTEGRITY and FINGERPRINT), then sends application data on it, which must come from the tuple the
 * responder selected. aioice also starts in the controlled role, gets 487, switches to controlling and succeeds.
 *
 * <p>Needs Debian's python3-gi, gir1.2-nice-0.1, gir1.2-gstreamer-1.0, gstreamer1.0-nice and python3-aioice;
 * a missing one fails the test with the packages to install.
 */
class IceLiteInteropIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String LOCAL_UFRAG = "xsfuLite";
    private static final String LOCAL_PWD = "xsfuLitePassword0123456789";
    private static final String REMOTE_UFRAG = "peerUfrag";
    private static final String REMOTE_PWD = "peerPassword0123456789ab";
    private static final Pattern LOCAL = Pattern.compile("^LOCAL (\\S+) (\\d+)$", Pattern.MULTILINE);

    /**
     * libnice as a full controlling agent: its own credentials, ours as the remote ones, our socket as the one
     * remote host candidate. READY means it saw valid (integrity-checked) responses and nominated a pair.
     */
    private static final String LIBNICE = """
            import sys, gi
            gi.require_version('Nice', '0.1')
            gi.require_version('Gst', '1.0')
            from gi.repository import Nice, GLib, Gst
            Gst.init(None)
            host, port, lufrag, lpwd, rufrag, rpwd = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
            ctx = GLib.MainContext.default()
            loop = GLib.MainLoop.new(ctx, False)
            agent = Nice.Agent.new(ctx, Nice.Compatibility.RFC5245)
            agent.set_property('controlling-mode', True)
            agent.set_property('ice-tcp', False)
            agent.set_property('upnp', False)
            address = Nice.Address.new()
            address.set_from_string('127.0.0.1')
            agent.add_local_address(address)
            sid = agent.add_stream(1)
            agent.set_local_credentials(sid, lufrag, lpwd)
            agent.set_remote_credentials(sid, rufrag, rpwd)
            result = {'code': 1, 'local': None}
            def selected(agent, stream, component, local, remote):
                result['local'] = '%s %d' % (local.addr.dup_string(), local.addr.get_port())
            def gathered(agent, stream):
                cand = agent.parse_remote_candidate_sdp(stream, 'a=candidate:1 1 UDP 2130706431 %s %d typ host' % (host, port))
                agent.set_remote_candidates(stream, 1, [cand])
            def state(agent, stream, component, st):
                print('STATE', Nice.component_state_to_string(st), flush=True)
                if st == Nice.ComponentState.READY:
                    print('LOCAL %s' % result['local'], flush=True)
                    payload = b'data-from-libnice'
                    agent.send(stream, component, len(payload), payload.decode())
                    result['code'] = 0
                    GLib.timeout_add(300, loop.quit)
                elif st == Nice.ComponentState.FAILED:
                    loop.quit()
            agent.connect('candidate-gathering-done', gathered)
            agent.connect('component-state-changed', state)
            agent.connect('new-selected-pair-full', selected)
            agent.gather_candidates(sid)
            # The agent reads its socket only for a receiver: nicesrc, as in GStreamer's webrtcbin.
            pipeline = Gst.Pipeline.new('ice')
            src = Gst.ElementFactory.make('nicesrc')
            src.set_property('agent', agent)
            src.set_property('stream', sid)
            src.set_property('component', 1)
            sink = Gst.ElementFactory.make('fakesink')
            pipeline.add(src)
            pipeline.add(sink)
            src.link(sink)
            pipeline.set_state(Gst.State.PLAYING)
            GLib.timeout_add_seconds(20, loop.quit)
            loop.run()
            pipeline.set_state(Gst.State.NULL)
            sys.exit(result['code'])
            """;

    /** aioice as a full agent, controlling or (to provoke a role conflict) starting controlled. */
    private static final String AIOICE = """
            import asyncio, sys
            import aioice, aioice.ice
            host, port, lufrag, lpwd, rufrag, rpwd, role = sys.argv[1], int(sys.argv[2]), *sys.argv[3:8]
            aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ['127.0.0.1']
            async def main():
                conn = aioice.Connection(ice_controlling=(role == 'controlling'), use_ipv6=False)
                conn.local_username, conn.local_password = lufrag, lpwd
                conn.remote_username, conn.remote_password = rufrag, rpwd
                conn.remote_is_lite = True
                await conn.gather_candidates()
                await conn.add_remote_candidate(aioice.Candidate(foundation='1', component=1, transport='udp',
                        priority=2130706431, host=host, port=port, type='host'))
                await conn.add_remote_candidate(None)
                await asyncio.wait_for(conn.connect(), 20)
                pair = conn._nominated[1]
                print('CONTROLLING', conn.ice_controlling, flush=True)
                print('LOCAL %s %d' % pair.local_addr, flush=True)
                await conn.send(b'data-from-aioice')
                await asyncio.sleep(0.3)
                await conn.close()
            asyncio.run(main())
            """;

    @Test
    void libniceNominatesAPairWithOurAnswers() throws Exception {
        requirePython("import gi; gi.require_version('Nice', '0.1'); gi.require_version('Gst', '1.0'); "
                + "from gi.repository import Nice, Gst; Gst.init(None); assert Gst.ElementFactory.make('nicesrc')",
                "python3-gi gir1.2-nice-0.1 gir1.2-gstreamer-1.0 gstreamer1.0-nice");
        Run run = run(LIBNICE, List.of());
        assertTrue(run.output.contains("STATE ready"), run.output);
        assertConnected(run, "data-from-libnice");
    }

    @Test
    void aioiceNominatesAPairWithOurAnswers() throws Exception {
        requirePython("import aioice", "python3-aioice");
        Run run = run(AIOICE, List.of("controlling"));
        assertConnected(run, "data-from-aioice");
        assertEquals(0, run.responder.count(StunDrop.ROLE_CONFLICT));
    }

    @Test
    void aioiceStartingControlledGetsARoleConflictAndSwitches() throws Exception {
        requirePython("import aioice", "python3-aioice");
        Run run = run(AIOICE, List.of("controlled"));
        assertTrue(run.responder.count(StunDrop.ROLE_CONFLICT) >= 1, run.responder.summary());
        assertTrue(run.output.contains("CONTROLLING True"), run.output);
        assertConnected(run, "data-from-aioice");
    }

    private record Run(LoopbackIceResponder responder, String output, int exitCode) {
    }

    private static Run run(String script, List<String> extra) throws Exception {
        Path file = Files.createTempFile("xsfu-ice-", ".py");
        LoopbackIceResponder server = new LoopbackIceResponder(
                new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG));
        try {
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of(PYTHON, file.toString(), "127.0.0.1",
                    Integer.toString(server.port()), REMOTE_UFRAG, REMOTE_PWD, LOCAL_UFRAG, LOCAL_PWD));
            command.addAll(extra);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output;
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } finally {
                output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            Thread.sleep(200); // the agent's last datagrams
            server.close();
            return new Run(server, output, p.exitValue());
        } finally {
            server.close();
            Files.deleteIfExists(file);
        }
    }

    /** The agent finished, its data came from the pair the responder selected, and every check was valid. */
    private static void assertConnected(Run run, String expectedData) throws IOException {
        LoopbackIceResponder r = run.responder;
        String context = run.output + "\n" + r.summary();
        assertEquals(0, run.exitCode, context);
        Matcher m = LOCAL.matcher(run.output);
        assertTrue(m.find(), context);
        TransportAddress agentSide = TransportAddress.of(new InetSocketAddress(InetAddress.getByName(m.group(1)),
                Integer.parseInt(m.group(2))));

        CandidatePair selected = r.responder().selected();
        assertNotNull(selected, context);
        assertTrue(selected.remoteMatches(agentSide), selected + " vs " + agentSide);
        assertFalse(r.nominations().isEmpty(), context);
        assertTrue(r.count(DropReason.OK) >= 1, context);
        for (int reason : new int[] {StunDrop.UNKNOWN_USERNAME, StunDrop.BAD_INTEGRITY, StunDrop.BAD_FINGERPRINT,
            StunDrop.NO_FINGERPRINT, StunDrop.MISSING_CREDENTIALS}) {
            assertEquals(0, r.count(reason), StunDrop.name(reason) + ": " + context);
        }
        assertEquals(List.of(expectedData), r.data(), context);
        assertTrue(r.dataSources().getFirst().matches(agentSide), context);
        assertFalse(r.responder().consentExpired(System.nanoTime()));
    }

    private static void requirePython(String imports, String packages) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", imports).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "this test needs Debian's " + packages + " (apt-get install -y " + packages + "): " + output);
    }
}
