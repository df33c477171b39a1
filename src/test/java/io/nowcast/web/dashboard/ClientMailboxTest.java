package io.nowcast.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ClientMailboxTest {

  private static final ClientMailbox.Event UPDATE = new ClientMailbox.Event("update", "{}");

  @Test
  void aPageThatFallsBehindGetsOneResyncInsteadOfItsBacklog() throws InterruptedException {
    ClientMailbox mailbox = new ClientMailbox(3);
    for (int i = 0; i < 4; i++) {
      mailbox.offer(UPDATE);
    }
    assertEquals(1, mailbox.queued());
    assertSame(ClientMailbox.RESYNC, mailbox.poll(0));
    assertNull(mailbox.poll(0));
  }

  @Test
  void eventsWithinCapacityArriveInOrder() throws InterruptedException {
    ClientMailbox mailbox = new ClientMailbox(3);
    ClientMailbox.Event second = new ClientMailbox.Event("update", "{\"n\":2}");
    mailbox.offer(UPDATE);
    mailbox.offer(second);
    assertSame(UPDATE, mailbox.poll(0));
    assertSame(second, mailbox.poll(0));
  }

  @Test
  void closingJumpsTheBacklog() throws InterruptedException {
    ClientMailbox mailbox = new ClientMailbox(3);
    mailbox.offer(UPDATE);
    mailbox.close();
    assertSame(ClientMailbox.CLOSED, mailbox.poll(0));
  }
}
