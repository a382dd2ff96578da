# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS installer
RUN powershell -NoProfile -Command `
        $ErrorActionPreference = 'Stop'; `
        $file = 'runtime-win-x64.zip'; `
        $sums = '8.0.1-sha.txt'; `
        Invoke-WebRequest -OutFile $file https://builds.example.com/runtime/$file; `
        Invoke-WebRequest -OutFile $sums https://builds.example.com/checksums/$sums; `
        $expected = ((Get-Content $sums ^| Where-Object { $_ -match ([regex]::Escape($file))` + '$' }) -split '\s+')[0]; `
        $actual = (Get-FileHash $file -Algorithm SHA512).Hash; `
        if ($expected -ne $actual) { exit 1 }; `
        Invoke-WebRequest -OutFile tool.zip https://example.com/tool.zip; `
        Get-FileHash tool.zip
RUN curl.exe -fsSLo C:\git.exe https://example.com/git.exe
