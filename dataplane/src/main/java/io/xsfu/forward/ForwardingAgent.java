package io.xsfu.forward;

import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The duty cycle: apply pending control commands, poll the backend (receive, forward, transmit), and
 * every millisecond or so do cheap bookkeeping. Run by an Agrona {@code AgentRunner} with the configured
 * idle strategy; {@code doWork} returns the work count so the idle strategy backs off only when idle.
 * The control side talks to it only through {@link #offer(Command)}.
 */
public final class ForwardingAgent implements Agent {
    private static final long HOUSEKEEPING_NANOS = 1_000_000L;
    private static final int COMMANDS_PER_CYCLE = 16;

    private final Backend backend;
    private final Forwarder forwarder;
    private final ManyToOneConcurrentArrayQueue<Command> commands = new ManyToOneConcurrentArrayQueue<>(1024);
    private final Consumer<Command> applyCommand = this::apply;
    private long nextHousekeeping;

    public ForwardingAgent(Backend backend, Forwarder forwarder) {
        this.backend = backend;
        this.forwarder = forwarder;
    }

    /** Thread-safe, lock-free: queues a command for the agent; false when the queue is full. */
    public boolean offer(Command command) {
        return commands.offer(command);
    }

    @Override
    public int doWork() {
        int work = commands.drain(applyCommand, COMMANDS_PER_CYCLE);
        long now = System.nanoTime();
        work += backend.poll(forwarder, now);
        forwarder.housekeeping(backend.controlEgress(), now);
        if (now >= nextHousekeeping) {
            nextHousekeeping = now + HOUSEKEEPING_NANOS;
            backend.housekeeping();
            forwarder.requestPendingNextHops(now);
        }
        return work;
    }

    private void apply(Command command) {
        switch (command) {
            case Command.ApplyRoutingTable c -> {
                forwarder.apply(c.table());
                backend.apply(c.table());
            }
            case Command.NextHopResolved c -> forwarder.nextHopResolved(c.destination(), c.mac());
            case Command.SendHandshake c -> forwarder.sendHandshake(c, backend.controlEgress());
            case Command.SetRemote c -> forwarder.setRemote(c, System.nanoTime());
            case Command.SetSrtp c -> forwarder.setSrtp(c);
            case Command.SetLayers c -> forwarder.setLayers(c);
            case Command.Probe c -> forwarder.probe(c, System.nanoTime());
        }
    }

    @Override
    public void onClose() {
        backend.close();
        forwarder.close();
    }

    @Override
    public String roleName() {
        return "xsfu-forwarder-" + backend.name();
    }
}
