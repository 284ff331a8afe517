package dev.telltale.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;


import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak check itself must be able to fail. */
class LeakFailExtensionTest {
    @Test
    void aLeakedBuffer_failsTheClass() throws Exception {
        LeakFailExtension ext = new LeakFailExtension();
        ExtensionContext ctx = null;
        ext.beforeAll(ctx);
        leak();
        assertThatThrownBy(() -> ext.afterAll(ctx)).isInstanceOf(AssertionError.class).hasMessageContaining("leaked");
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(42);
        // dropped without release()
    }
}
