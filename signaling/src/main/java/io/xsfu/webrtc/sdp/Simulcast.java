package io.xsfu.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code a=simulcast:send <streams> [recv <streams>]} (RFC 8853). Streams are separated by {@code ;}, each a
 * list of alternative rids separated by {@code ,}; a rid starting with {@code ~} is paused. Written back send
 * first.
 *
 * @param send the streams the writer sends: each inner list holds one stream's alternatives
 * @param recv the streams it receives
 */
public record Simulcast(List<List<Stream>> send, List<List<Stream>> recv) implements Attribute {
    /** One rid of a stream, possibly paused. */
    public record Stream(String rid, boolean paused) {
        public Stream {
            Rid.checkId(rid);
        }

        @Override
        public String toString() {
            return paused ? "~" + rid : rid;
        }
    }

    public Simulcast {
        send = copy(send);
        recv = copy(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("a=simulcast needs send or recv streams");
        }
    }

    /** The first alternative of each send stream, in order: the rids the sender encodes. */
    public List<String> sendRids() {
        return send.stream().map(alternatives -> alternatives.getFirst().rid()).toList();
    }

    @Override
    public String field() {
        return "simulcast";
    }

    @Override
    public String value() {
        List<String> parts = new ArrayList<>(4);
        if (!send.isEmpty()) {
            parts.add("send");
            parts.add(format(send));
        }
        if (!recv.isEmpty()) {
            parts.add("recv");
            parts.add(format(recv));
        }
        return String.join(" ", parts);
    }

    static Simulcast parse(String value) {
        String[] w = Syntax.words(value, 2, "a=simulcast");
        if (w.length != 2 && w.length != 4) {
            throw new IllegalArgumentException("a=simulcast must be send|recv <streams> [send|recv <streams>]");
        }
        List<List<Stream>> send = List.of();
        List<List<Stream>> recv = List.of();
        for (int i = 0; i < w.length; i += 2) {
            List<List<Stream>> streams = streams(w[i + 1]);
            switch (w[i]) {
                case "send" -> {
                    if (!send.isEmpty()) {
                        throw new IllegalArgumentException("a=simulcast has send twice");
                    }
                    send = streams;
                }
                case "recv" -> {
                    if (!recv.isEmpty()) {
                        throw new IllegalArgumentException("a=simulcast has recv twice");
                    }
                    recv = streams;
                }
                default -> throw new IllegalArgumentException("a=simulcast direction must be send or recv, got "
                        + Syntax.quote(w[i]));
            }
        }
        return new Simulcast(send, recv);
    }

    private static List<List<Stream>> streams(String list) {
        List<List<Stream>> streams = new ArrayList<>();
        for (String stream : list.split(";", -1)) {
            List<Stream> alternatives = new ArrayList<>();
            for (String rid : stream.split(",", -1)) {
                boolean paused = rid.startsWith("~");
                alternatives.add(new Stream(paused ? rid.substring(1) : rid, paused));
            }
            streams.add(alternatives);
        }
        return streams;
    }

    private static String format(List<List<Stream>> streams) {
        return streams.stream()
                .map(alternatives -> alternatives.stream().map(Stream::toString).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }

    private static List<List<Stream>> copy(List<List<Stream>> streams) {
        List<List<Stream>> copy = Syntax.list(streams, "a=simulcast streams").stream()
                .map(alternatives -> Syntax.list(alternatives, "a=simulcast stream")).toList();
        for (List<Stream> alternatives : copy) {
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("a=simulcast stream has no rid");
            }
        }
        return copy;
    }
}
