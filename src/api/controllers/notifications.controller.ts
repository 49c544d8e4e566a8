import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponses } from '../api-error-responses';
import { NotificationFeed } from '../queries/notification-feed';
import { hijackForSse } from '../sse-sink';

const STREAM_DESCRIPTION = [
  'Server-sent events, polled from the stored chain events.',
  '`event: chain.event` (every stored contract event; `isFinal` flags tentative ones, which may',
  'be rolled back and are sent again once final), `event: job.updated` (final ai_job_queue or',
  'payment_escrow event of a job, with its projected status), `event: job.completed` (a final',
  'JobCompleted). Comments `: heartbeat` keep the connection alive. Each message id is the stream',
  'position `<finalBlock>:<finalIndex>:<tentativeBlock>:<tentativeIndex>`; reconnect with',
  '`Last-Event-ID` to resume after it (final events: no gaps, no repeats); `0:0:0:0` replays all.',
].join(' ');

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(@Inject(NotificationFeed) private readonly feed: NotificationFeed) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Stream of chain events and job updates (SSE)' })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this id' })
  @ApiResponse({ status: 200, description: STREAM_DESCRIPTION })
  @ApiErrorResponses(400, 429, 500)
  async stream(
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const start = await this.feed.startPosition(lastEventId);
    this.feed.run(start, hijackForSse(reply));
  }
}
