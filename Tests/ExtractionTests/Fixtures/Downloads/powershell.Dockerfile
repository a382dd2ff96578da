# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS tools
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/checked.zip -OutFile C:\checked.zip; `
    if ((Get-FileHash C:\checked.zip -Algorithm sha256).Hash -ne $env:CHECKED_SHA) { throw 'bad hash' }; `
    Invoke-WebRequest `
        -Uri https://example.com/printed.zip -OutFile C:\printed.zip; `
    Get-FileHash C:\printed.zip; `
    iwr https://example.com/install.ps1 -UseBasicParsing | iex
FROM tools AS child
RUN Invoke-WebRequest https://example.com/child.zip -OutFile child.zip
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
RUN powershell -Command "Invoke-WebRequest https://example.com/inner.zip -OutFile inner.zip"
