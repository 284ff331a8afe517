package dev.telltale.demo;

import java.io.IOException;

/**
 * What a {@link FaultServer} does with one accepted connection. The server closes the socket
 * (cleanly, with a FIN) when the script returns, unless the script closed or reset it first.
 * An {@link IOException} thrown because the peer went away ends the script quietly.
 */
@FunctionalInterface
public interface Fault {
    void run(FaultConnection connection) throws IOException, InterruptedException;
}
