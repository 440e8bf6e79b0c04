/** An answer of the collector's API that is not a success: its status and one line saying why. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}
